package com.clipworker.db;

/**
 * A piece of a transcript with its times: a segment (a sentence or subtitle cue) or a
 * word. Stored in the {@code segments} and {@code words} JSON arrays as
 * {@code {"startMs":…,"endMs":…,"text":…}}.
 *
 * @param startMs start in milliseconds from the beginning of the video
 * @param endMs end in milliseconds, not before {@code startMs}
 * @param text the text
 */
public record TimedText(long startMs, long endMs, String text) {

	public TimedText {
		if (startMs < 0 || endMs < startMs) {
			throw new IllegalArgumentException("times must satisfy 0 <= start <= end, not " + startMs + ".." + endMs);
		}
	}

}
