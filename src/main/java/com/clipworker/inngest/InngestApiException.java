package com.clipworker.inngest;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * A call to the Inngest API or event API failed (transport error, or an answer other than
 * success). Retriable unless the server rejected the request itself.
 */
public class InngestApiException extends InngestException {

	private final int status;

	public InngestApiException(String what, URI uri, int status, String detail, boolean retriable) {
		super(what + " failed: " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath() + " answered " + status
				+ (detail.isEmpty() ? "" : ": " + detail), null, retriable);
		this.status = status;
	}

	public InngestApiException(String what, URI uri, @Nullable Throwable cause) {
		super(what + " failed: " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath() + " unreachable"
				+ ((cause != null) ? " (" + cause.getClass().getSimpleName() + ")" : ""), cause, true);
		this.status = 0;
	}

	/** The HTTP status, or 0 when no answer came. */
	public int status() {
		return this.status;
	}

}
