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
		Link link = link(this.ids.next(id));
		JsonNode memo = memo(link.hashed());
		String sleep = deferredSleep(memo);
		if (sleep != null) {
			this.found.add(link.sleepHashed());
			this.stop = (this.target != null) ? Outcome.stepNotFound(this.target, this.found)
					: Outcome.ops(List.of(deferralSleepOp(link, sleep)), null, null, "reported");
			throw INTERRUPT;
		}
		if (memo != null) {
			return convert.apply(unwrap(link.occurrence(), memo));
		}
		this.found.add(link.hashed());
		if (this.target != null) {
			if (this.target.equals(link.hashed())) {
				executeStep(link, body);
			}
			else {
				this.stop = Outcome.stepNotFound(this.target, this.found);
			}
		}
		else if (!this.request.disableImmediateExecution()) {
			executeStep(link, body);
		}
		else {
			this.stop = Outcome.ops(List.of(planned(link)), null, null, "planned");
		}
		throw INTERRUPT;
	}

	/**
	 * Where an occurrence of a step stands after its deferrals: link 0 runs under the
	 * step's own id. A link that was deferred has a deferral as its memoized result; once
	 * the sleep that follows it is memoized too, the step runs as the next link under a
	 * new id. The link returned is the first whose memo is not a deferral, or the
	 * deferred one whose sleep has not ended.
	 */
	private Link link(StepIds.Occurrence occurrence) {
		Link link = new Link(occurrence, 0, occurrence.hashed());
		while (deferredSleep(memo(link.hashed())) != null && memo(link.sleepHashed()) != null) {
			link = link.next();
		}
		return link;
	}

	/**
	 * The sleep a deferred link asked for, when its memo is a deferral (the step's data
	 * an object whose only field is {@link StepDeferral#RESULT_FIELD}); otherwise
	 * {@code null}.
	 */
	private static @Nullable String deferredSleep(@Nullable JsonNode memo) {
		if (memo == null || !memo.isObject() || memo.size() != 1 || !StepDeferral.isDeferral(memo.get("data"))) {
			return null;
		}
		return memo.get("data").get(StepDeferral.RESULT_FIELD).path("sleep").asString("1s");
	}

	@Override
	public <T> List<@Nullable T> parallel(Class<T> type, List<StepCall<T>> calls) {
		guard();
		List<@Nullable T> results = new ArrayList<>(Collections.nCopies(calls.size(), null));
		List<Link> pending = new ArrayList<>();
		List<Callable<?>> bodies = new ArrayList<>();
		List<ObjectNode> ops = new ArrayList<>();
		StepError failure = null;
		for (int i = 0; i < calls.size(); i++) {
			StepCall<T> call = calls.get(i);
			Link link = link(this.ids.next(call.id()));
			JsonNode memo = memo(link.hashed());
			String sleep = deferredSleep(memo);
			if (sleep != null) {
				this.found.add(link.sleepHashed());
				ops.add(deferralSleepOp(link, sleep));
				continue;
			}
			if (memo == null) {
				this.found.add(link.hashed());
				pending.add(link);
				bodies.add(call.body());
				ops.add(planned(link));
				continue;
			}
			try {
				results.set(i, convert(unwrap(link.occurrence(), memo), type));
			}
			catch (StepError error) {
				failure = (failure != null) ? failure : error;
			}
		}
		if (failure != null) {
			throw failure;
		}
		if (ops.isEmpty()) {
			return results;
		}
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
		else if (ops.size() == 1 && pending.size() == 1 && !this.request.disableImmediateExecution()) {
			executeStep(pending.get(0), bodies.get(0));
		}
		else {
			this.stop = Outcome.ops(ops, null, null, "planned");
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

	/**
	 * An op of one link of a step: link 0 is the step's own op; a later link (and each
	 * deferral's sleep) carries its derived id and the step's id as its name, without a
	 * {@code userland} id (its id is not the hash of one).
	 */
	private ObjectNode op(String opcode, Link link, String hashed, String displayName) {
		if (link.deferrals() == 0 && hashed.equals(link.hashed())) {
			return op(opcode, link.occurrence());
		}
		ObjectNode op = JsonNodeFactory.instance.objectNode();
		op.put("id", hashed);
		op.put("op", opcode);
		op.put("name", link.occurrence().id());
		op.put("displayName", displayName);
		op.putNull("data");
		return op;
	}

	private ObjectNode op(String opcode, Link link) {
		return op(opcode, link, link.hashed(), link.occurrence().id() + " (after deferral " + link.deferrals() + ")");
	}

	private ObjectNode planned(Link link) {
		ObjectNode op = op("StepPlanned", link);
		op.putObject("opts").put("type", "step.run");
		return op;
	}

	private void executeStep(Link link, Callable<?> body) {
		InngestFunction fn = this.function.function();
		StepIds.Occurrence occurrence = link.occurrence();
		StepContext context = new StepContext(fn.id(), this.request.runId(), occurrence.id(), occurrence.hashed(),
				this.request.attempt(), maxAttempts(), link.deferrals());
		long start = System.nanoTime();
		StepContext previous = StepContext.enter(context);
		MDC.put("stepId", occurrence.id());
		this.inStep = true;
		String outcome = "error";
		try {
			Object value = this.services.around(context, body);
			ObjectNode op = op("StepRun", link);
			op.set("data", this.mapper.valueToTree(value));
			outcome = "success";
			this.stop = Outcome.ops(List.of(op), null, null, "step-ran");
		}
		catch (Interrupt interrupt) {
			this.stop = stepFailure(link,
					new IllegalStateException("Steps cannot be called inside another step's body"));
		}
		catch (Throwable error) {
			if (error instanceof VirtualMachineError vmError && !(error instanceof StackOverflowError)) {
				throw vmError;
			}
			if (error instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			if (error instanceof StepDeferral deferral && link.deferrals() < this.services.maxStepDeferrals()) {
				this.stop = deferred(link, deferral);
				logger.info("Step {} of {} deferred for {} s ({} of {}): {}", occurrence.id(),
						this.function.compositeId(), deferral.sleep().toSeconds(), link.deferrals() + 1,
						this.services.maxStepDeferrals(), deferral.getMessage());
			}
			else {
				this.stop = stepFailure(link, error);
				logger.warn("Step {} of {} attempt {} failed: {}", occurrence.id(), this.function.compositeId(),
						this.request.attempt(), error.toString());
			}
			outcome = this.stop.kind();
		}
		finally {
			this.inStep = false;
			MDC.remove("stepId");
			StepContext.leave(previous);
			this.services.metrics().step(fn.id(), occurrence.id(), outcome, System.nanoTime() - start);
		}
	}

	/**
	 * A deferral within the bound: the link's result is the deferral, saved by Inngest
	 * under the link's own id like any result, so a group that planned the link stops
	 * waiting for it. The replay that follows reports the sleep, and the step runs as the
	 * next link once the sleep is memoized.
	 */
	private Outcome deferred(Link link, StepDeferral deferral) {
		String duration = Durations.format(deferral.sleep());
		ObjectNode op = op("StepRun", link);
		op.put("displayName", deferralName(link, duration));
		ObjectNode marker = op.putObject("data").putObject(StepDeferral.RESULT_FIELD);
		marker.put("sleep", duration);
		marker.put("reason", String.valueOf(deferral.getMessage()));
		return Outcome.ops(List.of(op), null, null, "deferred");
	}

	/** The sleep that follows a deferred link, under the link's derived sleep id. */
	private ObjectNode deferralSleepOp(Link link, String duration) {
		ObjectNode op = op("Sleep", link, link.sleepHashed(), deferralName(link, duration));
		op.putObject("opts").put("duration", duration);
		return op;
	}

	/** What Inngest's run view shows for a link's deferral and its sleep. */
	private String deferralName(Link link, String duration) {
		return link.occurrence().id() + " (deferred " + (link.deferrals() + 1) + " of "
				+ this.services.maxStepDeferrals() + ", for " + duration + ")";
	}

	private Outcome stepFailure(Link link, Throwable error) {
		boolean noRetry = error instanceof NonRetriableError || lastAttempt();
		ObjectNode op = op(noRetry ? "StepFailed" : "StepError", link);
		op.set("error", Outcome.serialize(error));
		String retryAfter = (!noRetry && error instanceof RetryAfterError retry) ? retry.retryAfter() : null;
		return Outcome.ops(List.of(op), noRetry, retryAfter, noRetry ? "step-failed" : "step-error");
	}

	/** What an execution needs besides its request. */
	interface Services {

		String appId();

		@Nullable InngestEvents events();

		InngestMetrics metrics();

		/** How many times one step may be deferred before a deferral costs an attempt. */
		int maxStepDeferrals();

		@Nullable Object around(StepContext step, Callable<?> body) throws Exception;

	}

	/**
	 * One link of a step's deferral chain.
	 *
	 * @param occurrence the step occurrence (link 0 runs under its hashed id)
	 * @param deferrals how many deferrals came before this link
	 * @param hashed the id this link runs under
	 */
	private record Link(StepIds.Occurrence occurrence, int deferrals, String hashed) {

		/** The id of the sleep that follows a deferral of this link. */
		String sleepHashed() {
			return StepIds.deferralSleep(this.occurrence.hashed(), this.deferrals);
		}

		Link next() {
			int deferrals = this.deferrals + 1;
			return new Link(this.occurrence, deferrals, StepIds.deferredRun(this.occurrence.hashed(), deferrals));
		}

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
