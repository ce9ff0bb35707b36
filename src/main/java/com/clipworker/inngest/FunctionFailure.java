package com.clipworker.inngest;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The data of an {@code inngest/function.failed} event, as an {@code onFailure} handler
 * receives it.
 *
 * @param functionId the composite id of the function that failed
 * @param runId the run that failed
 * @param error the error it failed with
 * @param event the event that started the failed run
 */
public record FunctionFailure(@JsonProperty("function_id") String functionId, @JsonProperty("run_id") String runId,
		@Nullable ErrorInfo error, @Nullable Event event) {

	/** The name of the event. */
	public static final String EVENT = "inngest/function.failed";

	/**
	 * A serialised error.
	 *
	 * @param name its name (type)
	 * @param message its message
	 * @param stack its stack, possibly empty
	 */
	public record ErrorInfo(@Nullable String name, @Nullable String message, @Nullable String stack) {
	}

}
