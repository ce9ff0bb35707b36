package com.clipworker.download;

/**
 * The connection failed or broke: refused, reset, closed before the announced end of the
 * body, or the local file could not be written. Retriable.
 */
public class DownloadConnectionException extends DownloadException {

	public DownloadConnectionException(String redactedUrl, String problem, Throwable cause) {
		super("sourceUrl (" + redactedUrl + ") download failed: " + problem, cause);
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
