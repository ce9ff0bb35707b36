package com.clipworker.download;

/**
 * The server answered with a status other than 200 or a redirect. Server errors, 408 and
 * 429 are retriable; every other status is final.
 */
public class DownloadStatusException extends DownloadException {

	private final int status;

	public DownloadStatusException(String redactedUrl, int status) {
		super("sourceUrl (" + redactedUrl + ") answered HTTP " + status);
		this.status = status;
	}

	public int status() {
		return this.status;
	}

	@Override
	public boolean retriable() {
		return this.status >= 500 || this.status == 408 || this.status == 429;
	}

}
