package com.clipworker.storage;

/**
 * Base of object storage failures. {@link #retriable()} says whether the same call can
 * succeed later (an outage, a timeout) or never will (a bad key, a missing object).
 */
public abstract class StorageException extends RuntimeException {

	protected StorageException(String message) {
		super(message);
	}

	protected StorageException(String message, Throwable cause) {
		super(message, cause);
	}

	/** Whether trying again later can succeed. */
	public abstract boolean retriable();

}
