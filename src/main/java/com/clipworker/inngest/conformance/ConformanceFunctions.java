package com.clipworker.inngest.conformance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.clipworker.inngest.Event;
import com.clipworker.inngest.FunctionContext;
import com.clipworker.inngest.InngestFunction;
import com.clipworker.inngest.Trigger;

/**
 * The five functions of Inngest's reference conformance fixture, with the same ids,
 * triggers and behaviour. The retry function's counters live in this instance (one per
 * process in the fixture app).
 */
public final class ConformanceFunctions {

	private final AtomicInteger retryStepCalls = new AtomicInteger();

	private final AtomicInteger retryFunctionCalls = new AtomicInteger();

	/** Every function, in a stable order. */
	public List<InngestFunction> all() {
		return List.of(simple(), steps(), retry(), cancel(), waitForEvent());
	}

	/** {@code test-suite-simple-fn}: returns the event name and "ok". */
	public InngestFunction simple() {
		return InngestFunction.builder("test-suite-simple-fn")
			.trigger(Trigger.event("tests/function.test"))
			.handler((ctx, step) -> ok(ctx));
	}

	/** {@code test-suite-step-test}: a step, a 2 s sleep, a step, then "ok". */
	public InngestFunction steps() {
		return InngestFunction.builder("test-suite-step-test")
			.trigger(Trigger.event("tests/step.test"))
			.handler((ctx, step) -> {
				String first = step.run("first step", String.class, () -> "first step");
				step.sleep("sleep", Duration.ofSeconds(2));
				step.run("second step", SecondStep.class, () -> new SecondStep(first, true));
				return ok(ctx);
			});
	}

	/**
	 * {@code test-suite-retry-test}: a step that fails on its first execution, then a
	 * body that fails once.
	 */
	public InngestFunction retry() {
		return InngestFunction.builder("test-suite-retry-test")
			.trigger(Trigger.event("tests/retry.test"))
			.handler((ctx, step) -> {
				step.run("first step", String.class, () -> {
					int calls = this.retryStepCalls.incrementAndGet();
					if (calls == 1) {
						throw new IllegalStateException("broken");
					}
					return "yes: " + calls;
				});
				if (this.retryFunctionCalls.incrementAndGet() == 1) {
					throw new IllegalStateException("broken func");
				}
				return ok(ctx);
			});
	}

	/**
	 * {@code test-suite-cancel-test}: sleeps 10 s; cancelled by {@code cancel/please}.
	 */
	public InngestFunction cancel() {
		return InngestFunction.builder("test-suite-cancel-test")
			.trigger(Trigger.event("tests/cancel.test"))
			.cancelOn("cancel/please", "async.data.request_id == event.data.request_id")
			.handler((ctx, step) -> {
				step.sleep("sleep", Duration.ofSeconds(10));
				step.run("After the sleep", String.class,
						() -> "This should be cancelled if a matching cancel event is received");
				return ok(ctx);
			});
	}

	/** {@code test-suite-wait-for-event}: waits 10 s for {@code test/resume}. */
	public InngestFunction waitForEvent() {
		return InngestFunction.builder("test-suite-wait-for-event")
			.trigger(Trigger.event("tests/wait.test"))
			.handler((ctx, step) -> {
				Optional<Event> resumed = step.waitForEvent("wait", "test/resume", Duration.ofSeconds(10),
						"async.data.resume == true && async.data.id == event.data.id");
				Map<String, Object> result = new LinkedHashMap<>();
				resumed.ifPresent((event) -> result.put("result", event.data()));
				return result;
			});
	}

	private static Map<String, String> ok(FunctionContext ctx) {
		return Map.of("name", ctx.event().name(), "body", "ok");
	}

	/**
	 * The second step's result.
	 *
	 * @param first the first step's result
	 * @param second always true
	 */
	public record SecondStep(String first, boolean second) {
	}

}
