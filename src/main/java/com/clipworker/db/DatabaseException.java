package com.clipworker.db;

/**
 * Base of the database capability's own failures. Failures of the driver and of SQL
 * arrive as Spring's {@code DataAccessException} (transient ones are retriable); these
 * cover what the worker itself decides.
 */
public abstract class DatabaseException extends RuntimeException {

	protected DatabaseException(String message) {
		super(message);
	}

	protected DatabaseException(String message, Throwable cause) {
		super(message, cause);
	}

	/** Whether trying again later can succeed. */
	public abstract boolean retriable();

}
