package com.clipworker.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Converts {@code DATABASE_URL} in the forms Supabase shows
 * ({@code postgresql://user:password@host:port/database}, direct or through the pooler)
 * to JDBC: {@code prepareThreshold=0} on the transaction pooler (port 6543), where
 * prepared statements break, and {@code sslmode=require} for any host that is not this
 * machine. Parameters already in the URL win. A {@code jdbc:postgresql:} URL passes
 * through unchanged.
 */
public final class DatabaseUrl {

	/** The port of Supabase's transaction pooler. */
	public static final int TRANSACTION_POOLER_PORT = 6543;

	private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

	private DatabaseUrl() {
	}

	/**
	 * Converts a database URL.
	 * @param databaseUrl the value of {@code DATABASE_URL}
	 * @return the JDBC connection settings
	 * @throws InvalidDatabaseUrlException when the value is not a PostgreSQL URL
	 */
	public static JdbcConnection toJdbc(String databaseUrl) {
		String value = databaseUrl.trim();
		if (value.startsWith("jdbc:postgresql:")) {
			return new JdbcConnection(value, null, null, value.contains(":" + TRANSACTION_POOLER_PORT + "/"));
		}
		String rest = stripScheme(value);
		String userInfo = null;
		int at = rest.lastIndexOf('@');
		if (at >= 0) {
			userInfo = rest.substring(0, at);
			rest = rest.substring(at + 1);
		}
		int queryStart = rest.indexOf('?');
		String query = (queryStart >= 0) ? rest.substring(queryStart + 1) : "";
		String hostPortPath = (queryStart >= 0) ? rest.substring(0, queryStart) : rest;
		int slash = hostPortPath.indexOf('/');
		String hostPort = (slash >= 0) ? hostPortPath.substring(0, slash) : hostPortPath;
		String database = (slash >= 0) ? decode(hostPortPath.substring(slash + 1)) : "";
		if (database.isEmpty()) {
			database = "postgres";
		}
		if (database.contains("/")) {
			throw new InvalidDatabaseUrlException("the database name contains '/'");
		}
		String host;
		int port = 5432;
		if (hostPort.startsWith("[")) {
			int close = hostPort.indexOf(']');
			if (close < 0) {
				throw new InvalidDatabaseUrlException("the IPv6 host has no closing ']'");
			}
			host = hostPort.substring(0, close + 1);
			String after = hostPort.substring(close + 1);
			if (after.startsWith(":")) {
				port = parsePort(after.substring(1));
			}
		}
		else {
			int colon = hostPort.lastIndexOf(':');
			host = (colon >= 0) ? hostPort.substring(0, colon) : hostPort;
			if (colon >= 0) {
				port = parsePort(hostPort.substring(colon + 1));
			}
		}
		if (host.isEmpty()) {
			throw new InvalidDatabaseUrlException("it names no host");
		}
		String username = null;
		String password = null;
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			username = decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo);
			password = (colon >= 0) ? decode(userInfo.substring(colon + 1)) : null;
		}
		Map<String, String> parameters = parseQuery(query);
		boolean transactionPooler = port == TRANSACTION_POOLER_PORT;
		if (transactionPooler) {
			parameters.putIfAbsent("prepareThreshold", "0");
		}
		if (!isLocal(host)) {
			parameters.putIfAbsent("sslmode", "require");
		}
		StringBuilder url = new StringBuilder("jdbc:postgresql://").append(host)
			.append(':')
			.append(port)
			.append('/')
			.append(database);
		String separator = "?";
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			url.append(separator).append(parameter.getKey()).append('=').append(parameter.getValue());
			separator = "&";
		}
		return new JdbcConnection(url.toString(), emptyToNull(username), emptyToNull(password), transactionPooler);
	}

	private static String stripScheme(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		for (String scheme : new String[] { "postgresql://", "postgres://" }) {
			if (lower.startsWith(scheme)) {
				return value.substring(scheme.length());
			}
		}
		throw new InvalidDatabaseUrlException("it does not start with postgresql:// or postgres://");
	}

	private static int parsePort(String port) {
		try {
			int value = Integer.parseInt(port);
			if (value < 1 || value > 65535) {
				throw new InvalidDatabaseUrlException("the port " + value + " is out of range");
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new InvalidDatabaseUrlException("the port is not a number");
		}
	}

	private static Map<String, String> parseQuery(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (query.isEmpty()) {
			return parameters;
		}
		for (String pair : query.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			parameters.put((equals >= 0) ? pair.substring(0, equals) : pair,
					(equals >= 0) ? pair.substring(equals + 1) : "");
		}
		return parameters;
	}

	private static boolean isLocal(String host) {
		return LOCAL_HOSTS.contains(host.toLowerCase(Locale.ROOT)) || host.startsWith("127.");
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDatabaseUrlException("the user, password or database has a broken %-escape");
		}
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
