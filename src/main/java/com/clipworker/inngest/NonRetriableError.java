package com.clipworker.inngest;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a function or a step body when trying again cannot help (bad input): the step
 * fails at once ({@code StepFailed}), or the run fails with 400 and
 * {@code X-Inngest-No-Retry: true}.
 */
public class NonRetriableError extends InngestException {

	public NonRetriableError(String message) {
		this(message, null);
	}

	public NonRetriableError(String message, @Nullable Throwable cause) {
		super(message, cause, false);
	}

}
