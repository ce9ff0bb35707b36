package com.clipworker.inngest;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Thrown by a step body (or a step middleware) that could not start now for a reason that
 * says nothing about the step itself, such as every media slot of the replica being
 * taken: come back after {@link #delay()}, and do not count this as an attempt. The step
 * answers with a deferral as its result ({@link #RESULT_FIELD}), the replay that follows
 * reports a {@code Sleep} under an id derived from the step's, and once the sleep ends
 * the step runs again under a new derived id, its attempts untouched. After
 * {@code inngest.max-step-deferrals} deferrals of one step, a further deferral is
 * answered as the {@link RetryAfterError} it also is, and costs an attempt.
 */
public class StepDeferral extends RetryAfterError {

	/**
	 * The one field of a deferred step's result: {@code {"__deferral": {"sleep": "5s",
	 * "reason": ...}}}. A step whose own result is an object with only this field would
	 * be read as deferred, so the name is reserved.
	 */
	public static final String RESULT_FIELD = "__deferral";

	/**
	 * Whether a step's result is a deferral: an object whose only field is
	 * {@link #RESULT_FIELD}.
	 * @param data the step's data, as its op or its memo carries it
	 * @return whether the step was deferred rather than run
	 */
	public static boolean isDeferral(@Nullable JsonNode data) {
		return data != null && data.isObject() && data.size() == 1 && data.has(RESULT_FIELD);
	}

	public StepDeferral(String message, Duration delay, @Nullable Throwable cause) {
		super(message, delay, cause);
	}

	/** How long to wait before the step runs again. */
	public Duration delay() {
		return Objects.requireNonNull(retryDelay());
	}

	/**
	 * The sleep Inngest is asked for: the {@code Retry-After} whole seconds, at least 1.
	 */
	Duration sleep() {
		return Duration.ofSeconds(Long.parseLong(retryAfter()));
	}

}
