package com.clipworker.inngest;

import java.util.List;

/**
 * What a function knows about the run it serves.
 *
 * @param functionId the function's id (without the app prefix)
 * @param event the triggering event (the first, when batched)
 * @param events every event of the run
 * @param runId the run id
 * @param attempt zero-based attempt of the current step or function body
 * @param maxAttempts the attempts the current step has in all
 */
public record FunctionContext(String functionId, Event event, List<Event> events, String runId, int attempt,
		int maxAttempts) {

	/**
	 * The failure an {@code onFailure} handler was called for.
	 * @throws IllegalStateException when the event is not {@code inngest/function.failed}
	 */
	public FunctionFailure failure() {
		if (!FunctionFailure.EVENT.equals(this.event.name())) {
			throw new IllegalStateException("Run " + this.runId + " was not started by " + FunctionFailure.EVENT);
		}
		return this.event.data(FunctionFailure.class);
	}

}
