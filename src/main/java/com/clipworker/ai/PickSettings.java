package com.clipworker.ai;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What a picker is asked for.
 *
 * @param count the most clips to return
 * @param minDuration the shortest clip
 * @param maxDuration the longest clip
 * @param language the language of titles and hooks (ISO 639-1), or {@code null} for the
 * transcript's
 */
public record PickSettings(int count, Duration minDuration, Duration maxDuration, @Nullable String language) {

	public PickSettings {
		if (count < 1) {
			throw new IllegalArgumentException("Clip count must be at least 1, got " + count);
		}
		if (minDuration.isNegative() || minDuration.isZero() || maxDuration.compareTo(minDuration) < 0) {
			throw new IllegalArgumentException(
					"Clip durations need 0 < min <= max, got min " + minDuration + " and max " + maxDuration);
		}
	}

	long minMs() {
		return this.minDuration.toMillis();
	}

	long maxMs() {
		return this.maxDuration.toMillis();
	}

	/** A stable text form, part of the picking cache key. */
	String fingerprint() {
		return "count=" + this.count + ";min=" + minMs() + ";max=" + maxMs() + ";language="
				+ ((this.language != null) ? this.language : "");
	}

}
