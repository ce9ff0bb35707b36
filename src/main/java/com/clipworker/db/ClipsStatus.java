package com.clipworker.db;

import java.util.Locale;

/**
 * Where clip generation for a video's current generation is. Moves only forward:
 * {@code pending → generating → ready | failed}.
 */
public enum ClipsStatus {

	PENDING(0), GENERATING(1), READY(2), FAILED(2);

	private final int rank;

	ClipsStatus(int rank) {
		this.rank = rank;
	}

	/** Position in the forward-only order; terminal states share the highest. */
	public int rank() {
		return this.rank;
	}

	/** The value stored in the {@code clips_status} column. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ClipsStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
