package com.clipworker.media;

import java.time.Duration;

/**
 * Every slot of a process kind stayed taken for the whole bounded wait. Retriable; the
 * caller should answer busy with {@link #retryAfter()}.
 */
public class MediaBusyException extends MediaException {

	private final ProcessKind kind;

	private final Duration retryAfter;

	public MediaBusyException(ProcessKind kind, Duration waited, Duration retryAfter) {
		super("No free " + kind.id() + " slot after waiting " + waited.toMillis() + " ms; retry after "
				+ retryAfter.toSeconds() + " s");
		this.kind = kind;
		this.retryAfter = retryAfter;
	}

	public ProcessKind kind() {
		return this.kind;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
