package com.clipworker.ai;

/**
 * A span of time in milliseconds, such as a silence.
 *
 * @param startMs where it starts
 * @param endMs where it ends, not before the start
 */
public record Interval(long startMs, long endMs) {

	public Interval {
		if (endMs < startMs) {
			throw new IllegalArgumentException("Interval ends at " + endMs + " before it starts at " + startMs);
		}
	}

	public long durationMs() {
		return this.endMs - this.startMs;
	}

	public boolean contains(long atMs) {
		return atMs >= this.startMs && atMs <= this.endMs;
	}

	public long overlapMs(Interval other) {
		return Math.max(0, Math.min(this.endMs, other.endMs) - Math.max(this.startMs, other.startMs));
	}

}
