package com.clipworker.media;

/**
 * Base of every failure of the media capability. {@link #retriable()} tells the jobs
 * layer whether trying the same step again can help: bad input cannot, a busy slot, a
 * timeout or a crashed process can.
 */
public abstract class MediaException extends RuntimeException {

	protected MediaException(String message) {
		super(message);
	}

	protected MediaException(String message, Throwable cause) {
		super(message, cause);
	}

	/** Whether the same call may succeed when tried again. */
	public abstract boolean retriable();

}
