package com.clipworker.ai;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Base of every failure in transcription and clip picking. Says whether trying the same
 * call again can succeed, and after how long when the provider said so. Messages name the
 * provider and the reason, never a key.
 */
public abstract class AiException extends RuntimeException {

	private final boolean retriable;

	private final @Nullable Duration retryAfter;

	protected AiException(String message, boolean retriable, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(message, cause);
		this.retriable = retriable;
		this.retryAfter = retryAfter;
	}

	/** Whether the same call may succeed later (throttling, 5xx, timeouts). */
	public boolean retriable() {
		return this.retriable;
	}

	/** How long the provider asked us to wait, when it said. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
