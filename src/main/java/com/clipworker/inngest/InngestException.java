package com.clipworker.inngest;

import org.jspecify.annotations.Nullable;

/**
 * Base of every exception the Inngest package throws. {@link #retriable()} says whether
 * trying again may succeed.
 */
public class InngestException extends RuntimeException {

	private final boolean retriable;

	protected InngestException(String message, @Nullable Throwable cause, boolean retriable) {
		super(message, cause);
		this.retriable = retriable;
	}

	/** Whether a later attempt may succeed. */
	public boolean retriable() {
		return this.retriable;
	}

}
