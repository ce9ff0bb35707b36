package com.clipworker.db;

import org.jspecify.annotations.Nullable;

/**
 * Where and how to connect, converted from {@code DATABASE_URL}.
 *
 * @param url the JDBC URL, without credentials
 * @param username the user, or {@code null} when the URL carries none
 * @param password the password, or {@code null} when the URL carries none
 * @param transactionPooler whether this is Supabase's transaction pooler (port 6543),
 * where prepared statements are off
 */
public record JdbcConnection(String url, @Nullable String username, @Nullable String password,
		boolean transactionPooler) {

	@Override
	public String toString() {
		return "JdbcConnection[url=" + this.url + ", username=" + this.username + ", password="
				+ ((this.password != null) ? "(set)" : "(none)") + ", transactionPooler=" + this.transactionPooler
				+ "]";
	}

}
