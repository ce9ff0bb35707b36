package com.clipworker.local.harness;

/**
 * Live progress of the harness: called from its worker threads, so implementations must
 * be thread-safe and quick.
 */
public interface HarnessListener {

	/** A request is about to be sent. */
	default void requestStarted(String functionId, String runId, String stepId, int attempt) {
	}

	/** A request was answered (one call per op the answer carried). */
	default void stepFinished(StepTiming timing) {
	}

	/** A run ended. */
	default void runFinished(RunResult result) {
	}

}
