package com.clipworker.inngest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One execution request: replays the function against memoized state and decides what to
 * report (the decision of the protocol's "immediate execution" rules). Not thread-safe;
 * one per request.
 */
final class Execution implements Step {

	private static final Logger logger = LoggerFactory.getLogger(Execution.class);

	private static final Interrupt INTERRUPT = new Interrupt();

	private final FunctionRegistry.Registered function;

	private final CallRequest request;

	private final Services services;

	private final JsonMapper mapper = InngestJson.mapper();

	private final StepIds ids = new StepIds();

	private final @Nullable String target;

	private final List<String> found = new ArrayList<>();

	private @Nullable Outcome stop;

	private boolean inStep;

	Execution(FunctionRegistry.Registered function, CallRequest request, @Nullable String target, Services services) {
		this.function = function;
		this.request = request;
		this.target = target;
		this.services = services;
	}

	Outcome execute() {
		InngestFunction fn = this.function.function();
		FunctionContext ctx = new FunctionContext(fn.id(), this.request.event(), this.request.events(),
				this.request.runId(), this.request.attempt(), maxAttempts());
		Object result;
		try {
			result = fn.handler().handle(ctx, this);
		}
		catch (Interrupt interrupt) {
			return stopped();
		}
		catch (Throwable error) {
			if (this.stop != null) {
				return this.stop;
			}
			if (error instanceof VirtualMachineError vmError && !(error instanceof StackOverflowError)) {
				throw vmError;
			}
			if (error instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			Outcome outcome = Outcome.functionError(error, lastAttempt());
			logger.warn("Function {} attempt {} failed: {}", this.function.compositeId(), this.request.attempt(),
					error.toString());
			return outcome;
		}
		if (this.stop != null) {
			return this.stop;
		}
		if (this.target != null) {
			return Outcome.stepNotFound(this.target, this.found);
		}
		return Outcome.complete(this.mapper.valueToTree(result));
	}

	private Outcome stopped() {
		if (this.stop == null) {
			throw new IllegalStateException("interrupted without an outcome");
		}
		return this.stop;
	}

	int maxAttempts() {
		if (this.request.maxAttempts() > 0) {
			return this.request.maxAttempts();
		}
		Integer retries = this.function.function().retries();
		return ((retries != null) ? retries : 4) + 1;
	}

	private boolean lastAttempt() {
		return this.request.attempt() >= maxAttempts() - 1;
	}

	@Override
	public <T> @Nullable T run(String id, Class<T> type, Callable<? extends @Nullable T> body) {
		return runStep(id, (node) -> convert(node, type), body);
	}

	@Override
	public <T> @Nullable T run(String id, TypeReference<T> type, Callable<? extends @Nullable T> body) {
		return runStep(id, (node) -> node.isNull() ? null : this.mapper.treeToValue(node, type), body);
	}

	@Override
	public void run(String id, Action body) {
		runStep(id, (node) -> null, () -> {
			body.run();
			return null;
		});
	}

	private <T> @Nullable T runStep(String id, Function<JsonNode, @Nullable T> convert, Callable<?> body) {
		guard();
		StepIds.Occurrence occurrence = this.ids.next(id);
		JsonNode memo = memo(occurrence.hashed());
		if (memo != null) {
			return convert.apply(unwrap(occurrence, memo));
		}
		this.found.add(occurrence.hashed());
		if (this.target != null) {
			if (this.target.equals(occurrence.hashed())) {
				executeStep(occurrence, body);
			}
			else {
				this.stop = Outcome.stepNotFound(this.target, this.found);
			}
		}
		else if (!this.request.disableImmediateExecution()) {
			executeStep(occurrence, body);
		}
		else {
			this.stop = Outcome.ops(List.of(planned(occurrence)), null, null, "planned");
		}
		throw INTERRUPT;
	}

	@Override
	public <T> List<@Nullable T> parallel(Class<T> type, List<StepCall<T>> calls) {
		guard();
		List<@Nullable T> results = new ArrayList<>(Collections.nCopies(calls.size(), null));
		List<StepIds.Occurrence> pending = new ArrayList<>();
		List<Callable<?>> bodies = new ArrayList<>();
		StepError failure = null;
		for (int i = 0; i < calls.size(); i++) {
			StepCall<T> call = calls.get(i);
			StepIds.Occurrence occurrence = this.ids.next(call.id());
			JsonNode memo = memo(occurrence.hashed());
			if (memo == null) {
				pending.add(occurrence);
				bodies.add(call.body());
				continue;
			}
			try {
				results.set(i, convert(unwrap(occurrence, memo), type));
			}
			catch (StepError error) {
				failure = (failure != null) ? failure : error;
			}
		}
		if (failure != null) {
			throw failure;
		}
		if (pending.isEmpty()) {
			return results;
		}
		pending.forEach((occurrence) -> this.found.add(occurrence.hashed()));
		if (this.target != null) {
			int index = -1;
			for (int i = 0; i < pending.size(); i++) {
				if (pending.get(i).hashed().equals(this.target)) {
					index = i;
				}
			}
			if (index >= 0) {
				executeStep(pending.get(index), bodies.get(index));
			}
			else {
				this.stop = Outcome.stepNotFound(this.target, this.found);
			}
		}
		else if (pending.size() == 1 && !this.request.disableImmediateExecution()) {
			executeStep(pending.get(0), bodies.get(0));
		}
		else {
			this.stop = Outcome.ops(pending.stream().map(this::planned).toList(), null, null, "planned");
		}
		throw INTERRUPT;
	}

	@Override
	public void sleep(String id, Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("Sleep '" + id + "' has a negative duration");
		}
		sleepStep(id, Durations.format(duration));
	}

	@Override
	public void sleepUntil(String id, Instant until) {
		sleepStep(id, DateTimeFormatter.ISO_INSTANT.format(until));
	}

	private void sleepStep(String id, String duration) {
		guard();
		StepIds.Occurrence occurrence = this.ids.next(id);
		if (memo(occurrence.hashed()) != null) {
			return;
		}
		ObjectNode op = op("Sleep", occurrence);
		op.putObject("opts").put("duration", duration);
		report(occurrence, op);
	}

	@Override
	public Optional<Event> waitForEvent(String id, String event, Duration timeout, @Nullable String condition) {
		guard();
		StepIds.Occurrence occurrence = this.ids.next(id);
		JsonNode memo = memo(occurrence.hashed());
		if (memo != null) {
			JsonNode value = unwrap(occurrence, memo);
			return value.isNull() ? Optional.empty() : Optional.of(CallRequest.event(value));
		}
		ObjectNode op = op("WaitForEvent", occurrence);
		ObjectNode opts = op.putObject("opts");
		opts.put("event", event);
		opts.put("timeout", Durations.format(timeout));
		if (condition != null) {
			opts.put("if", condition);
		}
		report(occurrence, op);
		throw INTERRUPT;
	}

	@Override
	public SendEventsResult sendEvent(String id, List<Event> events) {
		List<Event> copy = List.copyOf(events);
		SendEventsResult result = runStep(id, (node) -> convert(node, SendEventsResult.class), () -> {
			InngestEvents client = this.services.events();
			if (client == null) {
				throw new IllegalStateException("No Inngest events client is configured");
			}
			return client.send(copy);
		});
		return (result != null) ? result : new SendEventsResult(List.of());
	}

	@Override
	public <T> @Nullable T invoke(String id, String functionId, Object data, Class<T> type,
			@Nullable Duration timeout) {
		guard();
		StepIds.Occurrence occurrence = this.ids.next(id);
		JsonNode memo = memo(occurrence.hashed());
		if (memo != null) {
			return convert(unwrap(occurrence, memo), type);
		}
		ObjectNode op = op("InvokeFunction", occurrence);
		ObjectNode opts = op.putObject("opts");
		opts.put("function_id", this.services.appId() + "-" + functionId);
		opts.putObject("payload").set("data", this.mapper.valueToTree(data));
		if (timeout != null) {
			opts.put("timeout", Durations.format(timeout));
		}
		report(occurrence, op);
		throw INTERRUPT;
	}

	/** Reports a step that is not executed here (sleep, wait, invoke). */
	private void report(StepIds.Occurrence occurrence, ObjectNode op) {
		this.found.add(occurrence.hashed());
		if (this.target != null) {
			this.stop = Outcome.stepNotFound(this.target, this.found);
		}
		else {
			this.stop = Outcome.ops(List.of(op), null, null, "reported");
		}
		throw INTERRUPT;
	}

	private void guard() {
		if (this.stop != null) {
			throw INTERRUPT;
		}
		if (this.inStep) {
			throw new IllegalStateException("Steps cannot be called inside another step's body");
		}
	}

	private @Nullable JsonNode memo(String hashed) {
		if (!this.request.steps().containsKey(hashed)) {
			return null;
		}
		JsonNode value = this.request.steps().get(hashed);
		if (value == null) {
			return JsonNodeFactory.instance.nullNode();
		}
		if (value.isObject() && value.size() == 1 && value.has("input")) {
			return null;
		}
		return value;
	}

	private JsonNode unwrap(StepIds.Occurrence occurrence, JsonNode memo) {
		if (memo.isObject() && memo.size() == 1 && memo.has("data")) {
			return memo.get("data");
		}
		if (memo.isObject() && memo.size() == 1 && memo.has("error")) {
			JsonNode error = memo.get("error");
			throw new StepError(occurrence.id(), text(error, "name", "Error"),
					text(error, "message", text(error, "error", "Unknown error")), text(error, "stack", ""));
		}
		return memo;
	}

	private static String text(JsonNode node, String name, String fallback) {
		JsonNode value = node.get(name);
		return (value != null && value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : fallback;
	}

	private <T> @Nullable T convert(JsonNode node, Class<T> type) {
		if (node.isNull() || node.isMissingNode()) {
			return null;
		}
		return this.mapper.treeToValue(node, type);
	}

	private ObjectNode op(String opcode, StepIds.Occurrence occurrence) {
		ObjectNode op = JsonNodeFactory.instance.objectNode();
		op.put("id", occurrence.hashed());
		op.put("op", opcode);
		op.put("name", occurrence.id());
		op.put("displayName", occurrence.id());
		op.putNull("data");
		ObjectNode userland = op.putObject("userland");
		userland.put("id", occurrence.id());
		if (occurrence.index() > 0) {
			userland.put("index", occurrence.index());
		}
		return op;
	}

	private ObjectNode planned(StepIds.Occurrence occurrence) {
		ObjectNode op = op("StepPlanned", occurrence);
		op.putObject("opts").put("type", "step.run");
		return op;
	}

	private void executeStep(StepIds.Occurrence occurrence, Callable<?> body) {
		InngestFunction fn = this.function.function();
		StepContext context = new StepContext(fn.id(), this.request.runId(), occurrence.id(), occurrence.hashed(),
				this.request.attempt(), maxAttempts());
		long start = System.nanoTime();
		StepContext previous = StepContext.enter(context);
		MDC.put("stepId", occurrence.id());
		this.inStep = true;
		String outcome = "error";
		try {
			Object value = this.services.around(context, body);
			ObjectNode op = op("StepRun", occurrence);
			op.set("data", this.mapper.valueToTree(value));
			outcome = "success";
			this.stop = Outcome.ops(List.of(op), null, null, "step-ran");
		}
		catch (Interrupt interrupt) {
			this.stop = stepFailure(occurrence,
					new IllegalStateException("Steps cannot be called inside another step's body"));
		}
		catch (Throwable error) {
			if (error instanceof VirtualMachineError vmError && !(error instanceof StackOverflowError)) {
				throw vmError;
			}
			if (error instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			this.stop = stepFailure(occurrence, error);
			outcome = this.stop.kind();
			logger.warn("Step {} of {} attempt {} failed: {}", occurrence.id(), this.function.compositeId(),
					this.request.attempt(), error.toString());
		}
		finally {
			this.inStep = false;
			MDC.remove("stepId");
			StepContext.leave(previous);
			this.services.metrics().step(fn.id(), occurrence.id(), outcome, System.nanoTime() - start);
		}
	}

	private Outcome stepFailure(StepIds.Occurrence occurrence, Throwable error) {
		boolean noRetry = error instanceof NonRetriableError || lastAttempt();
		ObjectNode op = op(noRetry ? "StepFailed" : "StepError", occurrence);
		op.set("error", Outcome.serialize(error));
		String retryAfter = (!noRetry && error instanceof RetryAfterError retry) ? retry.retryAfter() : null;
		return Outcome.ops(List.of(op), noRetry, retryAfter, noRetry ? "step-failed" : "step-error");
	}

	/** What an execution needs besides its request. */
	interface Services {

		String appId();

		@Nullable InngestEvents events();

		InngestMetrics metrics();

		@Nullable Object around(StepContext step, Callable<?> body) throws Exception;

	}

	/**
	 * Unwinds user code once the execution knows what to report. Not an exception user
	 * code should catch.
	 */
	static final class Interrupt extends Error {

		private static final long serialVersionUID = 1L;

		Interrupt() {
			super("Inngest step interrupt", null, false, false);
		}

	}

}
