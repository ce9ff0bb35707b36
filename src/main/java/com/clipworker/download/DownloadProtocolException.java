package com.clipworker.download;

/**
 * The server's answer is not HTTP the client accepts: a malformed status line or header,
 * oversized headers, an unknown transfer coding, a redirect without a usable
 * {@code Location}, or a TLS certificate that does not verify. Not retriable: the same
 * server will answer the same way.
 */
public class DownloadProtocolException extends DownloadException {

	public DownloadProtocolException(String redactedUrl, String problem) {
		super("sourceUrl (" + redactedUrl + ") gave an unusable answer: " + problem);
	}

	public DownloadProtocolException(String redactedUrl, String problem, Throwable cause) {
		super("sourceUrl (" + redactedUrl + ") gave an unusable answer: " + problem, cause);
	}

	@Override
	public boolean retriable() {
		return false;
	}

}
