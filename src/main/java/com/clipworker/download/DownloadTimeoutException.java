package com.clipworker.download;

import java.time.Duration;

/**
 * Connecting, waiting for data, or the whole download took longer than its limit.
 * Retriable.
 */
public class DownloadTimeoutException extends DownloadException {

	private final Duration limit;

	public DownloadTimeoutException(String redactedUrl, String phase, Duration limit) {
		super("sourceUrl (" + redactedUrl + ") " + phase + " exceeded its limit of " + limit.toMillis() + " ms");
		this.limit = limit;
	}

	public Duration limit() {
		return this.limit;
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
