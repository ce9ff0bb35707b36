package com.clipworker.db;

import java.util.Locale;

/**
 * Where processing of a video's current generation is. Moves only forward:
 * {@code pending → processing → ready | failed}.
 */
public enum VideoStatus {

	PENDING(0), PROCESSING(1), READY(2), FAILED(2);

	private final int rank;

	VideoStatus(int rank) {
		this.rank = rank;
	}

	/** Position in the forward-only order; terminal states share the highest. */
	public int rank() {
		return this.rank;
	}

	/** The value stored in the {@code status} column. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static VideoStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
