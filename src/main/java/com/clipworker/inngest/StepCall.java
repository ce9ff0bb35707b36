package com.clipworker.inngest;

import java.util.concurrent.Callable;

/**
 * One step of a parallel group: its id and its body.
 *
 * @param id the step id (stable: a literal, or derived from data)
 * @param body what the step does
 * @param <T> what it returns
 */
public record StepCall<T>(String id, Callable<? extends T> body) {

	public static <T> StepCall<T> of(String id, Callable<? extends T> body) {
		return new StepCall<>(id, body);
	}

}
