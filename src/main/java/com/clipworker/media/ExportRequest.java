package com.clipworker.media;

import java.util.List;

/**
 * What the final compose of a clip makes.
 *
 * @param startMs clip start in the source
 * @param endMs clip end in the source
 * @param aspect the export aspect
 * @param reframe how the source fills it
 * @param captions caption band images in clip time (empty for no captions)
 * @param captionY top of the caption band in the export frame
 * @param normaliseLoudness whether to bring the audio to {@code -14 LUFS}, {@code -1.5
 * dBTP} (two-pass loudnorm)
 */
public record ExportRequest(long startMs, long endMs, Aspect aspect, Reframe reframe, List<TimedImage> captions,
		int captionY, boolean normaliseLoudness) {

	public ExportRequest {
		captions = List.copyOf(captions);
		if (endMs <= startMs || startMs < 0) {
			throw new MediaRejectedException("a clip range with 0 <= start < end", startMs + ".." + endMs + " ms");
		}
	}

	public long durationMs() {
		return this.endMs - this.startMs;
	}

}
