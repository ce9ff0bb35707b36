package com.clipworker.inngest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a function or a step body to be retried no sooner than a given time
 * (throttling, a busy replica). Answered with {@code Retry-After} and
 * {@code X-Inngest-No-Retry: false}. Inngest clamps the delay to 1 s .. 24 h.
 */
public class RetryAfterError extends InngestException {

	private final @Nullable Duration delay;

	private final @Nullable Instant at;

	public RetryAfterError(String message, Duration delay) {
		this(message, delay, null);
	}

	public RetryAfterError(String message, Duration delay, @Nullable Throwable cause) {
		super(message, cause, true);
		if (delay.isNegative()) {
			throw new IllegalArgumentException("Retry delay must not be negative: " + delay);
		}
		this.delay = delay;
		this.at = null;
	}

	public RetryAfterError(String message, Instant at) {
		this(message, at, null);
	}

	public RetryAfterError(String message, Instant at, @Nullable Throwable cause) {
		super(message, cause, true);
		this.delay = null;
		this.at = at;
	}

	/**
	 * The delay this error was made with, or {@code null} when it was made with an
	 * instant.
	 */
	protected final @Nullable Duration retryDelay() {
		return this.delay;
	}

	/**
	 * The {@code Retry-After} header value: whole seconds (at least 1), or an instant.
	 */
	public String retryAfter() {
		if (this.delay != null) {
			long seconds = Math.max(1, (this.delay.toMillis() + 999) / 1000);
			return Long.toString(seconds);
		}
		return DateTimeFormatter.ISO_INSTANT.format(this.at);
	}

}
