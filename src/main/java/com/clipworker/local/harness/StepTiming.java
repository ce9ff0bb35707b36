package com.clipworker.local.harness;

import java.time.Duration;

/**
 * One request the harness made and what it did.
 *
 * @param functionId the composite function id
 * @param runId the run id
 * @param stepName the step the request ran or reported ({@code step} for a request that
 * only completed or failed the function)
 * @param hashedId the step's hashed id, or {@code step}
 * @param attempt the attempt
 * @param delivery 0 for the delivery used, 1.. for duplicate deliveries
 * @param duration the request's round trip
 * @param outcome what the answer said
 */
public record StepTiming(String functionId, String runId, String stepName, String hashedId, int attempt, int delivery,
		Duration duration, Outcome outcome) {

	/** What one answer of the endpoint said. */
	public enum Outcome {

		/** A step ran and returned. */
		RAN,
		/**
		 * A step could not start and was deferred: its result is a deferral, and a sleep
		 * follows before it runs again under a new id.
		 */
		DEFERRED,
		/** A step threw and will be retried. */
		ERROR,
		/** A step failed for good. */
		FAILED,
		/** A step was planned to run in its own request. */
		PLANNED,
		/** The run sleeps. */
		SLEEP,
		/** The run waits for an event. */
		WAIT,
		/** The run invokes another function. */
		INVOKE,
		/** The function returned. */
		COMPLETE,
		/** The function body threw (retried or not). */
		FUNCTION_ERROR,
		/** The answer was not understood (transport error, bad status). */
		TRANSPORT_ERROR

	}

}
