package com.clipworker.download;

/**
 * A download from a user-supplied URL failed. Each subclass says whether trying again can
 * help; messages name the host, never the URL's path, query or credentials.
 */
public abstract class DownloadException extends RuntimeException {

	protected DownloadException(String message) {
		super(message);
	}

	protected DownloadException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * Whether the same download may succeed later. Rejected URLs, oversized bodies and
	 * client errors are final; connection failures, timeouts and server errors are not.
	 * @return {@code true} when a retry can help
	 */
	public abstract boolean retriable();

}
