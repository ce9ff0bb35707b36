package com.clipworker.db;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Lets at most one progress write per row through in each interval, in this process. A
 * change of stage always goes through (a run has a handful), so the stage the web app
 * shows is never stale; only the percentage within a stage is thinned out.
 */
final class ProgressThrottle {

	private static final int MAX_ROWS = 10_000;

	private final Duration interval;

	private final Clock clock;

	private final Map<String, Last> last = new ConcurrentHashMap<>();

	ProgressThrottle(Duration interval, Clock clock) {
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Whether a progress write to a row may go to the database now; when it may, the
	 * write is counted.
	 * @param row the row (table and id)
	 * @param stage the stage the write reports, or {@code null} when the row has none
	 * @return {@code true} to write, {@code false} to skip
	 */
	boolean tryAcquire(String row, @Nullable String stage) {
		Instant now = this.clock.instant();
		if (this.last.size() > MAX_ROWS) {
			Instant horizon = now.minus(this.interval);
			this.last.values().removeIf((entry) -> entry.at().isBefore(horizon));
		}
		boolean[] allowed = { false };
		this.last.compute(row, (key, previous) -> {
			if (previous == null || !Objects.equals(previous.stage(), stage)
					|| !now.isBefore(previous.at().plus(this.interval))) {
				allowed[0] = true;
				return new Last(stage, now);
			}
			return previous;
		});
		return allowed[0];
	}

	/**
	 * Refuses a percentage outside 0–100.
	 * @param progress the percentage a write reports
	 * @throws IllegalArgumentException when it is outside 0–100
	 */
	static void checkPercent(int progress) {
		if (progress < 0 || progress > 100) {
			throw new IllegalArgumentException("progress must be 0–100, not " + progress);
		}
	}

	/** Forgets a row whose run ended, so its next run starts unthrottled. */
	void forget(String row) {
		this.last.remove(row);
	}

	private record Last(@Nullable String stage, Instant at) {
	}

}
