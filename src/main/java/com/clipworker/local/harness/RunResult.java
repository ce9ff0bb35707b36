package com.clipworker.local.harness;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * How a run ended.
 *
 * @param run the run
 * @param status how it ended
 * @param output the function's result when it completed
 * @param error the error it failed with
 */
public record RunResult(RunHandle run, Status status, @Nullable JsonNode output, @Nullable JsonNode error) {

	/** How a run ended. */
	public enum Status {

		COMPLETED, FAILED, CANCELLED

	}

	public boolean completed() {
		return this.status == Status.COMPLETED;
	}

}
