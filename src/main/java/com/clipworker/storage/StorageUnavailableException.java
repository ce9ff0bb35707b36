package com.clipworker.storage;

/**
 * The store or the local disk failed in a way that can pass: an outage, a timeout,
 * throttling, a full disk. Retriable.
 */
public class StorageUnavailableException extends StorageException {

	public StorageUnavailableException(String operation, String key, Throwable cause) {
		super(operation + " of '" + key + "' failed: " + cause.getMessage(), cause);
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
