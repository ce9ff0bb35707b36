package com.clipworker.ai;

/**
 * A stretch of speech as the recogniser or the subtitle file grouped it (a subtitle cue,
 * a Whisper segment).
 *
 * @param text the text
 * @param startMs when it starts, in milliseconds from the start of the video
 * @param endMs when it ends
 */
public record Segment(String text, long startMs, long endMs) {

	public Segment {
		if (endMs < startMs) {
			throw new IllegalArgumentException(
					"Segment '" + text + "' ends at " + endMs + " before it starts at " + startMs);
		}
	}

	Segment shift(long offsetMs) {
		return new Segment(this.text, this.startMs + offsetMs, this.endMs + offsetMs);
	}

}
