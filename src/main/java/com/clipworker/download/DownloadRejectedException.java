package com.clipworker.download;

/**
 * The URL, one of its redirects, or the address its host resolves to is not allowed:
 * wrong scheme or port, a private or reserved address, an internal host name, too many
 * redirects or a redirect loop. Never retriable.
 */
public class DownloadRejectedException extends DownloadException {

	private final String reason;

	public DownloadRejectedException(String redactedUrl, String reason) {
		super("sourceUrl rejected (" + redactedUrl + "): " + reason);
		this.reason = reason;
	}

	/** Why the URL was refused, without the URL itself. */
	public String reason() {
		return this.reason;
	}

	@Override
	public boolean retriable() {
		return false;
	}

}
