package com.clipworker.config;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The one switch, {@code WORKER_MODE}. {@link #PRODUCTION} is the default and what the
 * image sets: it needs real services and keys. {@link #LOCAL} is what the scripts set:
 * embedded PostgreSQL, the local-disk store and Inngest dev mode unless real ones are
 * configured.
 */
public enum WorkerMode {

	PRODUCTION, LOCAL;

	/**
	 * The mode named by a {@code WORKER_MODE} value.
	 * @param value the variable's value, or {@code null} when unset
	 * @return the mode ({@link #PRODUCTION} when unset or blank)
	 * @throws IllegalArgumentException when the value names no mode
	 */
	public static WorkerMode parse(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return PRODUCTION;
		}
		return switch (value.trim().toLowerCase(Locale.ROOT)) {
			case "production" -> PRODUCTION;
			case "local" -> LOCAL;
			default -> throw new IllegalArgumentException(
					"WORKER_MODE must be 'production' or 'local', not '" + value.trim() + "'");
		};
	}

	public String profile() {
		return name().toLowerCase(Locale.ROOT);
	}

}
