package com.clipworker.db;

import java.util.Locale;

/**
 * Where an export is. Moves only forward: {@code pending → rendering → done | failed}.
 */
public enum ExportStatus {

	PENDING(0), RENDERING(1), DONE(2), FAILED(2);

	private final int rank;

	ExportStatus(int rank) {
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

	static ExportStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
