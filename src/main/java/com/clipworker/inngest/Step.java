package com.clipworker.inngest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

/**
 * The step tools a function body uses. Every call with an id is a durable step: its
 * result is memoized by Inngest and returned on replay without running the body again.
 * Step ids must be stable (literals, or derived from data and iterated in a sorted
 * order). Code between steps runs again on every request, so it must be deterministic.
 */
public interface Step {

	/**
	 * Runs a body once, durably, and returns its result (converted through JSON, so a
	 * record comes back as the same record).
	 * @param id the step id
	 * @param type what the body returns
	 * @param body the work; a {@link NonRetriableError} fails the step at once, a
	 * {@link StepDeferral} runs it again later without using an attempt, a
	 * {@link RetryAfterError} retries it later, anything else retries it
	 * @return the result
	 * @throws StepError when the step has failed for good
	 */
	<T> @Nullable T run(String id, Class<T> type, Callable<? extends @Nullable T> body);

	/** {@link #run(String, Class, Callable)} for generic results such as lists. */
	<T> @Nullable T run(String id, TypeReference<T> type, Callable<? extends @Nullable T> body);

	/** A step without a result. */
	void run(String id, Action body);

	/**
	 * Runs a group of steps planned together: Inngest executes them as separate requests,
	 * concurrently and possibly on different replicas.
	 * @param type what each returns
	 * @param calls the steps, in a stable order
	 * @return their results, in the order of {@code calls}
	 * @throws StepError when one of them has failed for good
	 */
	<T> List<@Nullable T> parallel(Class<T> type, List<StepCall<T>> calls);

	/** Pauses the run for a while (no request is held open). */
	void sleep(String id, Duration duration);

	/** Pauses the run until a time. */
	void sleepUntil(String id, Instant until);

	/**
	 * Waits for an event.
	 * @param id the step id
	 * @param event the event name to wait for
	 * @param timeout how long to wait
	 * @param condition an expression over {@code event} (the run's trigger) and
	 * {@code async} (the awaited event), or {@code null}
	 * @return the event, or empty when the wait timed out
	 */
	Optional<Event> waitForEvent(String id, String event, Duration timeout, @Nullable String condition);

	/**
	 * Sends events as a step, so a replay does not send them again.
	 * @return the ids Inngest gave them
	 */
	SendEventsResult sendEvent(String id, List<Event> events);

	/** Sends one event as a step. */
	default SendEventsResult sendEvent(String id, Event event) {
		return sendEvent(id, List.of(event));
	}

	/**
	 * Invokes another function of this app and waits for its result.
	 * @param id the step id
	 * @param functionId the function's id (without the app prefix)
	 * @param data the data of the invoking event
	 * @param type what that function returns
	 * @param timeout how long to wait, or {@code null} for Inngest's default (one year)
	 * @return its result
	 * @throws StepError when it failed
	 */
	<T> @Nullable T invoke(String id, String functionId, Object data, Class<T> type, @Nullable Duration timeout);

	/** A step body without a result. */
	@FunctionalInterface
	interface Action {

		void run() throws Exception;

	}

}
