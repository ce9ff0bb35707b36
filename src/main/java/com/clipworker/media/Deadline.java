package com.clipworker.media;

import java.time.Duration;

/**
 * The one deadline of an operation that runs several processes in sequence (a loudness
 * analysis then the encode; audio chunks; scene detection in pieces): each process gets
 * only what is left of it, counted from the operation's start through every wait for a
 * slot, so the whole operation stays within {@code deadline} and below the platform's
 * HTTP limit.
 */
public final class Deadline {

	private final Duration total;

	private final long endNanos;

	private Deadline(Duration total, long endNanos) {
		this.total = total;
		this.endNanos = endNanos;
	}

	/**
	 * A deadline that starts now.
	 * @param total how long the whole operation may take
	 * @return the deadline
	 */
	public static Deadline in(Duration total) {
		return new Deadline(total, System.nanoTime() + total.toNanos());
	}

	/** The whole operation's allowance, for messages. */
	public Duration total() {
		return this.total;
	}

	/** What is left, never negative. */
	public Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.endNanos - System.nanoTime()));
	}

}
