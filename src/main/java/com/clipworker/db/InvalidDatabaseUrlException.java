package com.clipworker.db;

/**
 * {@code DATABASE_URL} is not a PostgreSQL URI the worker understands. The message never
 * contains the password.
 */
public class InvalidDatabaseUrlException extends DatabaseException {

	public InvalidDatabaseUrlException(String reason) {
		super("DATABASE_URL is not usable: " + reason
				+ " (expected postgresql://user:password@host:port/database, as Supabase shows it)");
	}

	@Override
	public boolean retriable() {
		return false;
	}

}
