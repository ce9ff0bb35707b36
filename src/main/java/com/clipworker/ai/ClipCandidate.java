package com.clipworker.ai;

/**
 * A clip a picker proposes.
 *
 * @param startMs where it starts in the video
 * @param endMs where it ends
 * @param title a short title
 * @param hook the opening line that makes a viewer stay
 * @param score 0 to 100, higher is better
 * @param reason why it was picked
 */
public record ClipCandidate(long startMs, long endMs, String title, String hook, int score, String reason) {

	public ClipCandidate {
		if (score < 0 || score > 100) {
			throw new IllegalArgumentException("Clip score must be within 0-100, got " + score);
		}
	}

	public long durationMs() {
		return this.endMs - this.startMs;
	}

	ClipCandidate withSpan(long start, long end) {
		return new ClipCandidate(start, end, this.title, this.hook, this.score, this.reason);
	}

	Interval span() {
		return new Interval(this.startMs, this.endMs);
	}

}
