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
 * @param width display width of the first video stream: the coded width, or the coded
 * height when {@code rotation} is 90 or 270 (every later operation works on the upright
 * picture)
 * @param height display height of the first video stream
 * @param rotation clockwise degrees (0, 90, 180 or 270) that turn the coded picture
 * upright, from the stream's display matrix or, when it has none, its legacy
 * {@code rotate} tag
 * @param rotationFromTag whether {@code rotation} comes from a legacy {@code rotate} tag
 * alone, which ffmpeg 5.1 does not apply while decoding (a display matrix it applies
 * itself)
 * @param fps average frame rate of the first video stream
 * @param videoCodec codec of the first video stream
 * @param pixelFormat pixel format of the first video stream
 * @param audioCodec codec of the first audio stream, null when there is none
 * @param streams every stream, in index order
 */
public record ProbeResult(String demuxer, String formatName, long durationMs, long sizeBytes, int width, int height,
		int rotation, boolean rotationFromTag, double fps, String videoCodec, String pixelFormat,
		@Nullable String audioCodec, List<StreamInfo> streams) {

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

	/**
	 * Width of the picture as stored, before rotation: what the pixel limits apply to.
	 */
	public int codedWidth() {
		return quarterTurn() ? this.height : this.width;
	}

	/** Height of the picture as stored, before rotation. */
	public int codedHeight() {
		return quarterTurn() ? this.width : this.height;
	}

	private boolean quarterTurn() {
		return this.rotation == 90 || this.rotation == 270;
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
