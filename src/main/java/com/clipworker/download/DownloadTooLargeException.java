package com.clipworker.download;

/**
 * The body is larger than {@code clipworker.download.max-size}, whether announced by
 * {@code Content-Length} or counted while reading. Never retriable.
 */
public class DownloadTooLargeException extends DownloadException {

	private final long limitBytes;

	public DownloadTooLargeException(String redactedUrl, long limitBytes) {
		super("sourceUrl body (" + redactedUrl + ") is larger than the limit of " + limitBytes + " bytes");
		this.limitBytes = limitBytes;
	}

	public long limitBytes() {
		return this.limitBytes;
	}

	@Override
	public boolean retriable() {
		return false;
	}

}
