package com.clipworker.inngest;

import java.util.concurrent.Callable;

/**
 * A hook around every step body that executes (not around memoized replays). Declare one
 * as a bean; several run in their bean order, the first outermost.
 */
@FunctionalInterface
public interface StepMiddleware {

	/**
	 * Runs a step body.
	 * @param step the step about to execute
	 * @param body the body (and the middleware inside this one); call it once
	 * @return what the body returned
	 * @throws Exception what the body threw
	 */
	@org.jspecify.annotations.Nullable
	Object around(StepContext step, Callable<?> body) throws Exception;

}
