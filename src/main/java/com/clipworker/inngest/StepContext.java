package com.clipworker.inngest;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The step being executed, available inside a step body (for example to key a lease on
 * {@code runId} + {@code hashedId}).
 *
 * @param functionId the function's id (without the app prefix)
 * @param runId the run id
 * @param stepId the step id the function gave
 * @param hashedId the id Inngest first knew the step by (unique within the run, repeats
 * included); the same for every run of the step after a {@link StepDeferral}, so a lease
 * keyed on it covers them all
 * @param attempt zero-based attempt of this step (a deferral does not count, but the
 * step's next run after one starts again at 0)
 * @param maxAttempts the attempts this step has in all
 * @param deferrals how many times this step has been deferred so far
 */
public record StepContext(String functionId, String runId, String stepId, String hashedId, int attempt, int maxAttempts,
		int deferrals) {

	private static final ThreadLocal<@Nullable StepContext> CURRENT = new ThreadLocal<>();

	/**
	 * The step executing on this thread.
	 * @throws IllegalStateException outside a step body
	 */
	public static StepContext current() {
		StepContext context = CURRENT.get();
		if (context == null) {
			throw new IllegalStateException("No Inngest step is executing on this thread");
		}
		return context;
	}

	/** The step executing on this thread, if any. */
	public static Optional<StepContext> find() {
		return Optional.ofNullable(CURRENT.get());
	}

	/** Whether this attempt is the step's last. */
	public boolean lastAttempt() {
		return this.attempt >= this.maxAttempts - 1;
	}

	static @Nullable StepContext enter(StepContext context) {
		StepContext previous = CURRENT.get();
		CURRENT.set(context);
		return previous;
	}

	static void leave(@Nullable StepContext previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}

}
