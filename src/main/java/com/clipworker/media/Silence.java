package com.clipworker.media;

/**
 * A stretch of audio below the silence threshold.
 *
 * @param startMs start in the source
 * @param endMs end in the source
 */
public record Silence(long startMs, long endMs) {
}
