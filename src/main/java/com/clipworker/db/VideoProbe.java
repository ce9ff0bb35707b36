package com.clipworker.db;

import org.jspecify.annotations.Nullable;

/**
 * What probing a video's source found, in the columns the web app shows, plus the full
 * probe as JSON.
 *
 * @param durationMs duration in milliseconds
 * @param width width of the video stream in pixels
 * @param height height of the video stream in pixels
 * @param fps frames per second
 * @param videoCodec the video codec name, or {@code null}
 * @param audioCodec the audio codec name, or {@code null} without audio
 * @param hasAudio whether the source has an audio stream
 * @param sizeBytes the source's size
 * @param details the full probe as a JSON document, or {@code null}
 */
public record VideoProbe(long durationMs, int width, int height, double fps, @Nullable String videoCodec,
		@Nullable String audioCodec, boolean hasAudio, long sizeBytes, @Nullable String details) {
}
