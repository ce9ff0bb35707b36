package com.clipworker.ai;

/**
 * The momentary loudness at one time (ffmpeg's ebur128 {@code M} value).
 *
 * @param atMs the time in milliseconds
 * @param lufs the loudness in LUFS (negative; -70 is silence)
 */
public record LoudnessSample(long atMs, double lufs) {
}
