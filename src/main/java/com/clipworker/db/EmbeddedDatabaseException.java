package com.clipworker.db;

import java.nio.file.Path;

/** The embedded PostgreSQL of local mode could not start. */
public class EmbeddedDatabaseException extends DatabaseException {

	public EmbeddedDatabaseException(Path dataDirectory, Throwable cause) {
		super("Embedded PostgreSQL could not start with its data in " + dataDirectory + ": " + cause.getMessage(),
				cause);
	}

	@Override
	public boolean retriable() {
		return false;
	}

}
