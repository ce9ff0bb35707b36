package com.clipworker.ai;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The provider could not answer now: throttled (429), overloaded (503), a server error, a
 * timeout, a dropped connection or a garbled response. Retriable, after
 * {@link #retryAfter()} when the provider said how long.
 */
public class ProviderUnavailableException extends AiException {

	public ProviderUnavailableException(String provider, String reason, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super(provider + " is unavailable: " + reason
				+ ((retryAfter != null) ? " (retry after " + retryAfter.toSeconds() + "s)" : ""), true, retryAfter,
				cause);
	}

}
