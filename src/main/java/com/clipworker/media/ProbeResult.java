package com.clipworker.media;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What ffprobe found in a file that passed the input limits.
 *
 * @param demuxer the demuxer to pin on every later read ({@code mov} or {@code matroska})
 * @param formatName ffprobe's format name, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param durationMs container duration
 * @param sizeBytes file size
 * @param width width of the first video stream
 * @param height height of the first video stream
 * @param fps average frame rate of the first video stream
 * @param videoCodec codec of the first video stream
 * @param pixelFormat pixel format of the first video stream
 * @param audioCodec codec of the first audio stream, null when there is none
 * @param streams every stream, in index order
 */
public record ProbeResult(String demuxer, String formatName, long durationMs, long sizeBytes, int width, int height,
		double fps, String videoCodec, String pixelFormat, @Nullable String audioCodec, List<StreamInfo> streams) {

	public ProbeResult {
		streams = List.copyOf(streams);
	}

	/**
	 * Whether the source carries a subtitle stream (a transcript source that costs
	 * nothing).
	 */
	public boolean hasSubtitles() {
		return this.streams.stream().anyMatch((stream) -> "subtitle".equals(stream.type()));
	}

	public boolean hasAudio() {
		return this.audioCodec != null;
	}

	/**
	 * One stream of the container.
	 *
	 * @param index stream index
	 * @param type {@code video}, {@code audio}, {@code subtitle}, {@code data} or
	 * {@code attachment}
	 * @param codec codec name
	 */
	public record StreamInfo(int index, String type, String codec) {
	}

}
