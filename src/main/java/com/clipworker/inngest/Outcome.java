package com.clipworker.inngest;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one execution request is answered with.
 *
 * @param status the HTTP status
 * @param body the JSON body
 * @param noRetry the {@code X-Inngest-No-Retry} value, or {@code null} for none
 * @param retryAfter the {@code Retry-After} value, or {@code null}
 * @param kind what happened, for metrics and logs
 */
record Outcome(int status, JsonNode body, @Nullable Boolean noRetry, @Nullable String retryAfter, String kind) {

	private static final int MAX_STACK = 8 * 1024;

	private static final int MAX_FRAMES = 40;

	static Outcome complete(JsonNode result) {
		return new Outcome(200, result, null, null, "complete");
	}

	static Outcome ops(List<ObjectNode> ops, @Nullable Boolean noRetry, @Nullable String retryAfter, String kind) {
		ArrayNode array = JsonNodeFactory.instance.arrayNode();
		ops.forEach(array::add);
		return new Outcome(206, array, noRetry, retryAfter, kind);
	}

	static Outcome stepNotFound(String target, List<String> found) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.put("error", "Could not find step \"" + target + "\" to run; found new steps: " + found);
		body.put("requestedStep", target);
		ArrayNode foundSteps = body.putArray("foundSteps");
		found.forEach(foundSteps::add);
		body.put("totalFoundSteps", found.size());
		return new Outcome(500, body, false, null, "step-not-found");
	}

	static Outcome functionError(Throwable error, boolean lastAttempt) {
		if (error instanceof NonRetriableError || error instanceof StepError) {
			return new Outcome(400, serialize(error), true, null, "failed");
		}
		if (error instanceof RetryAfterError retry) {
			return new Outcome(500, serialize(error), false, retry.retryAfter(), "error");
		}
		return new Outcome(500, serialize(error), lastAttempt, null, lastAttempt ? "failed" : "error");
	}

	static Outcome error(int status, String message, boolean noRetry, String kind) {
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.put("name", "Error");
		body.put("message", message);
		return new Outcome(status, body, noRetry, null, kind);
	}

	/**
	 * A thrown error as Inngest shows it: name, message and (bounded) stack. The name is
	 * {@code Error} unless the error is one of the protocol's own (the Java type is in
	 * the stack), as the conformance runner expects.
	 */
	static ObjectNode serialize(Throwable error) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		if (error instanceof StepError stepError) {
			node.put("name", "StepError");
			node.put("message", stepError.getMessage());
			node.put("stack", stepError.stack());
			return node;
		}
		boolean named = error instanceof NonRetriableError || error instanceof RetryAfterError;
		node.put("name", named ? error.getClass().getSimpleName() : "Error");
		node.put("message", (error.getMessage() != null) ? error.getMessage() : error.getClass().getName());
		node.put("stack", stack(error));
		return node;
	}

	/**
	 * The error's type and frames, without the messages of its causes (they may carry
	 * URLs or SQL, and Inngest stores and shows what the worker sends).
	 */
	private static String stack(Throwable error) {
		StringBuilder stack = new StringBuilder(error.getClass().getName());
		StackTraceElement[] frames = error.getStackTrace();
		for (int i = 0; i < Math.min(frames.length, MAX_FRAMES) && stack.length() < MAX_STACK; i++) {
			stack.append("\n\tat ").append(frames[i]);
		}
		for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			stack.append("\nCaused by: ").append(cause.getClass().getName());
		}
		return (stack.length() > MAX_STACK) ? stack.substring(0, MAX_STACK) : stack.toString();
	}

}
