package com.clipworker.storage;

/**
 * A transfer stopped because its thread was interrupted (a deadline or a cancel). The
 * interrupt flag is set again; nothing of the transfer is left behind. Retriable.
 */
public class TransferInterruptedException extends StorageException {

	public TransferInterruptedException(String operation, String key) {
		super(operation + " of '" + key + "' was interrupted");
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
