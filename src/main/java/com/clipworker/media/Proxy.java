package com.clipworker.media;

import java.nio.file.Path;

/**
 * A normalised H.264/AAC yuv420p MP4 with faststart.
 *
 * @param path the file
 * @param remuxed true when the source already qualified and was only remuxed
 */
public record Proxy(Path path, boolean remuxed) {
}
