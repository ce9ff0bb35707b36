package com.clipworker.media;

import java.nio.file.Path;

/**
 * A transparent PNG shown over a clip from {@code startMs} to {@code endMs} (clip time).
 *
 * @param png the image, inside the job directory
 * @param startMs when it appears
 * @param endMs when it goes
 */
public record TimedImage(Path png, long startMs, long endMs) {
}
