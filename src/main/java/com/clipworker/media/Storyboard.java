package com.clipworker.media;

import java.nio.file.Path;

/**
 * A sprite sheet of thumbnails and its WebVTT index ({@code sprite.jpg#xywh=x,y,w,h}).
 *
 * @param sprite the JPEG sheet
 * @param vtt the WebVTT index
 * @param columns tiles per row
 * @param rows rows of tiles
 * @param tileWidth width of one tile
 * @param tileHeight height of one tile
 * @param intervalMs time between two thumbnails
 * @param count number of thumbnails
 */
public record Storyboard(Path sprite, Path vtt, int columns, int rows, int tileWidth, int tileHeight, long intervalMs,
		int count) {
}
