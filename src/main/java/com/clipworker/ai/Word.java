package com.clipworker.ai;

/**
 * One spoken word with its times in milliseconds from the start of the video.
 *
 * @param text the word as written, with its punctuation
 * @param startMs when it starts
 * @param endMs when it ends, never before {@code startMs}
 */
public record Word(String text, long startMs, long endMs) {

	public Word {
		if (endMs < startMs) {
			throw new IllegalArgumentException(
					"Word '" + text + "' ends at " + endMs + " before it starts at " + startMs);
		}
	}

	Word shift(long offsetMs) {
		return new Word(this.text, this.startMs + offsetMs, this.endMs + offsetMs);
	}

}
