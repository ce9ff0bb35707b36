package com.clipworker.inngest;

/**
 * Raised inside user code when a step it depends on has failed for good (its retries are
 * exhausted or it threw a {@link NonRetriableError}). User code may catch it and carry
 * on; if it escapes the handler the run fails without retry.
 */
public class StepError extends InngestException {

	private final String stepId;

	private final String errorName;

	private final String stack;

	public StepError(String stepId, String errorName, String message, String stack) {
		super("Step '" + stepId + "' failed: " + errorName + ": " + message, null, false);
		this.stepId = stepId;
		this.errorName = errorName;
		this.stack = stack;
	}

	/** The step's id as the function named it. */
	public String stepId() {
		return this.stepId;
	}

	/** The name of the error the step failed with (for example its exception type). */
	public String errorName() {
		return this.errorName;
	}

	/** The stack the step reported, possibly empty. */
	public String stack() {
		return this.stack;
	}

}
