package com.clipworker.inngest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.clipworker.inngest.TestRequests.body;
import static com.clipworker.inngest.TestRequests.event;
import static com.clipworker.inngest.TestRequests.json;
import static com.clipworker.inngest.TestRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The execution decisions: parallel planning, targeted execution, step not found, retry
 * classification, deferrals, memoized errors, invoke, middleware, context and metrics.
 */
class ExecutionTests {

	private final AtomicInteger bodies = new AtomicInteger();

	private final ObjectNode event = event("video/uploaded", "{\"videoId\":\"v1\"}");

	private InngestResponse call(InngestFunction function, @Nullable String stepId,
			Map<String, @Nullable JsonNode> steps, int attempt, boolean disableImmediate) {
		InngestHandler handler = TestHandlers.handler(TestHandlers.dev(), List.of(function));
		return handler.handle(post("app-" + function.id(), stepId,
				body(this.event, steps, new ArrayList<>(steps.keySet()), attempt, disableImmediate)));
	}

	private InngestFunction parallelFunction() {
		return InngestFunction.builder("fan-out").trigger(Trigger.event("video/uploaded")).handler((ctx, step) -> {
			List<StepCall<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				int index = i;
				calls.add(StepCall.of("segment-" + i, () -> {
					this.bodies.incrementAndGet();
					return index * 10;
				}));
			}
			List<@Nullable Integer> results = step.parallel(Integer.class, calls);
			return Map.of("sum", results.stream().mapToInt(Integer::intValue).sum());
		});
	}

	@Test
	void parallelStepsArePlannedTogetherWithoutRunning() {
		InngestResponse response = call(parallelFunction(), "step", Map.of(), 0, false);
		assertThat(response.status()).isEqualTo(206);
		JsonNode ops = json(response.bodyText());
		assertThat(ops).hasSize(3);
		for (int i = 0; i < 3; i++) {
			assertThat(ops.get(i).get("op").asString()).isEqualTo("StepPlanned");
			assertThat(ops.get(i).get("id").asString()).isEqualTo(StepIds.hash("segment-" + i));
			assertThat(ops.get(i).get("data").isNull()).isTrue();
		}
		assertThat(this.bodies).hasValue(0);
	}

	@Test
	void aTargetedRequestRunsOnlyThatStep() {
		String target = StepIds.hash("segment-1");
		InngestResponse response = call(parallelFunction(), target, Map.of(), 0, true);
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.bodyText()).isEqualTo("[{\"data\":10,\"displayName\":\"segment-1\",\"id\":\"" + target
				+ "\",\"name\":\"segment-1\",\"op\":\"StepRun\",\"userland\":{\"id\":\"segment-1\"}}]");
		assertThat(this.bodies).hasValue(1);
	}

	@Test
	void aGroupCompletesOnceEveryStepIsMemoized() {
		Map<String, @Nullable JsonNode> steps = new LinkedHashMap<>();
		for (int i = 0; i < 3; i++) {
			steps.put(StepIds.hash("segment-" + i), json("{\"data\":" + (i * 10) + "}"));
		}
		InngestResponse response = call(parallelFunction(), "step", steps, 0, true);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("{\"sum\":30}");
		assertThat(this.bodies).hasValue(0);
	}

	@Test
	void disabledImmediateExecutionPlansASingleStep() {
		InngestFunction function = InngestFunction.builder("one")
			.handler((ctx, step) -> step.run("only", String.class, () -> {
				this.bodies.incrementAndGet();
				return "x";
			}));
		InngestResponse response = call(function, "step", Map.of(), 0, true);
		assertThat(json(response.bodyText()).get(0).get("op").asString()).isEqualTo("StepPlanned");
		assertThat(this.bodies).hasValue(0);
	}

	@Test
	void anUnknownTargetIsStepNotFoundAndRetried() {
		InngestResponse response = call(parallelFunction(), StepIds.hash("nope"), Map.of(), 0, true);
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.headers()).containsEntry("X-Inngest-No-Retry", "false")
			.containsEntry("X-Inngest-SDK", "clipworker-java:v0.1.0");
		assertThat(json(response.bodyText()).get("requestedStep").asString()).isEqualTo(StepIds.hash("nope"));
		assertThat(this.bodies).hasValue(0);
	}

	private InngestFunction failing(Exception error) {
		return InngestFunction.builder("failing").handler((ctx, step) -> step.run("work", String.class, () -> {
			throw error;
		}));
	}

	@Test
	void aFailingStepOnItsLastAttemptIsStepFailed() {
		InngestResponse response = call(failing(new IllegalStateException("disk full")), "step", Map.of(), 4, false);
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.headers()).containsEntry("X-Inngest-No-Retry", "true");
		JsonNode op = json(response.bodyText()).get(0);
		assertThat(op.get("op").asString()).isEqualTo("StepFailed");
		assertThat(op.get("error").get("message").asString()).isEqualTo("disk full");
	}

	@Test
	void errorStacksLeaveOutTheMessagesOfCauses() {
		Exception error = new IllegalStateException("upload failed",
				new java.io.IOException("https://bucket.example/key?X-Amz-Signature=secret"));
		JsonNode op = json(call(failing(error), "step", Map.of(), 0, false).bodyText()).get(0);
		assertThat(op.get("error").get("stack").asString()).startsWith("java.lang.IllegalStateException\n\tat ")
			.contains("Caused by: java.io.IOException")
			.doesNotContain("X-Amz-Signature");
	}

	@Test
	void aNonRetriableStepErrorFailsAtOnce() {
		InngestResponse response = call(failing(new NonRetriableError("unsupported codec")), "step", Map.of(), 0,
				false);
		assertThat(response.headers()).containsEntry("X-Inngest-No-Retry", "true");
		JsonNode op = json(response.bodyText()).get(0);
		assertThat(op.get("op").asString()).isEqualTo("StepFailed");
		assertThat(op.get("error").get("name").asString()).isEqualTo("NonRetriableError");
	}

	@Test
	void aRetryAfterStepErrorCarriesRetryAfter() {
		InngestResponse response = call(failing(new RetryAfterError("busy", Duration.ofSeconds(30))), "step", Map.of(),
				0, false);
		assertThat(response.headers()).containsEntry("X-Inngest-No-Retry", "false").containsEntry("Retry-After", "30");
		assertThat(json(response.bodyText()).get(0).get("op").asString()).isEqualTo("StepError");
	}

	@Test
	void aMemoizedStepErrorIsCatchableInUserCode() {
		InngestFunction function = InngestFunction.builder("recovering").handler((ctx, step) -> {
			try {
				step.run("work", String.class, () -> "never");
				return "no";
			}
			catch (StepError error) {
				return error.stepId() + ": " + error.errorName() + ": " + error.getMessage();
			}
		});
		Map<String, @Nullable JsonNode> steps = Map.of(StepIds.hash("work"),
				json("{\"error\":{\"name\":\"Error\",\"message\":\"gone\",\"stack\":\"s\"}}"));
		InngestResponse response = call(function, "step", steps, 0, false);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("\"work: Error: Step 'work' failed: Error: gone\"");
	}

	@Test
	void anUncaughtStepErrorFailsTheRunWithoutRetry() {
		InngestFunction function = InngestFunction.builder("uncaught")
			.handler((ctx, step) -> step.run("work", String.class, () -> "never"));
		Map<String, @Nullable JsonNode> steps = Map.of(StepIds.hash("work"),
				json("{\"error\":{\"name\":\"Error\",\"message\":\"gone\"}}"));
		InngestResponse response = call(function, "step", steps, 0, false);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.headers()).containsEntry("X-Inngest-No-Retry", "true");
	}

	@Test
	void functionErrorsAreClassified() {
		InngestResponse nonRetriable = call(InngestFunction.builder("a").handler((ctx, step) -> {
			throw new NonRetriableError("video is 9 hours long");
		}), "step", Map.of(), 0, false);
		assertThat(nonRetriable.status()).isEqualTo(400);
		assertThat(nonRetriable.headers()).containsEntry("X-Inngest-No-Retry", "true");
		assertThat(json(nonRetriable.bodyText()).get("message").asString()).isEqualTo("video is 9 hours long");

		InngestResponse retryAfter = call(InngestFunction.builder("b").handler((ctx, step) -> {
			throw new RetryAfterError("busy", java.time.Instant.parse("2030-01-01T00:00:00Z"));
		}), "step", Map.of(), 0, false);
		assertThat(retryAfter.status()).isEqualTo(500);
		assertThat(retryAfter.headers()).containsEntry("Retry-After", "2030-01-01T00:00:00Z")
			.containsEntry("X-Inngest-No-Retry", "false");

		InngestResponse lastAttempt = call(InngestFunction.builder("c").handler((ctx, step) -> {
			throw new IllegalStateException("still broken");
		}), "step", Map.of(), 4, false);
		assertThat(lastAttempt.status()).isEqualTo(500);
		assertThat(lastAttempt.headers()).containsEntry("X-Inngest-No-Retry", "true");
	}

	@Test
	void memoizedValuesAreParsedStrictly() {
		List<Object> seen = new CopyOnWriteArrayList<>();
		InngestFunction function = InngestFunction.builder("strict").handler((ctx, step) -> {
			seen.add(step.run("a", JsonNode.class, () -> json("1")));
			seen.add(step.waitForEvent("b", "x/y", Duration.ofMinutes(1), null).map(Event::name).orElse("none"));
			seen.add(step.run("c", String.class, () -> "ran"));
			return null;
		});
		Map<String, @Nullable JsonNode> steps = new LinkedHashMap<>();
		steps.put(StepIds.hash("a"), json("{\"data\":{\"data\":1,\"x\":2}}"));
		steps.put(StepIds.hash("b"), json("{\"name\":\"x/y\",\"data\":{\"k\":1},\"id\":\"e\",\"ts\":1,\"user\":{}}"));
		steps.put(StepIds.hash("c"), json("{\"input\":[]}"));
		InngestResponse response = call(function, "step", steps, 0, false);
		assertThat(seen).hasSize(2);
		assertThat(seen.get(0).toString()).isEqualTo("{\"data\":1,\"x\":2}");
		assertThat(seen.get(1)).isEqualTo("x/y");
		assertThat(json(response.bodyText()).get(0).get("data").asString()).isEqualTo("ran");
	}

	@Test
	void invokeReportsTheCompositeFunctionAndReturnsItsResult() {
		InngestFunction function = InngestFunction.builder("caller")
			.handler((ctx, step) -> step.invoke("call-thumb", "make-thumbnail", Map.of("videoId", "v1"), String.class,
					Duration.ofHours(1)));
		InngestResponse reported = call(function, "step", Map.of(), 0, false);
		JsonNode op = json(reported.bodyText()).get(0);
		assertThat(op.get("op").asString()).isEqualTo("InvokeFunction");
		assertThat(op.get("opts").toString()).isEqualTo(
				"{\"function_id\":\"app-make-thumbnail\",\"payload\":{\"data\":{\"videoId\":\"v1\"}},\"timeout\":\"1h\"}");
		InngestResponse done = call(function, "step",
				Map.of(StepIds.hash("call-thumb"), json("{\"data\":\"thumb.jpg\"}")), 0, false);
		assertThat(done.bodyText()).isEqualTo("\"thumb.jpg\"");
	}

	@Test
	void sleepUntilReportsTheInstant() {
		InngestFunction function = InngestFunction.builder("until").handler((ctx, step) -> {
			step.sleepUntil("later", java.time.Instant.parse("2030-01-01T00:00:00Z"));
			return null;
		});
		JsonNode op = json(call(function, "step", Map.of(), 0, false).bodyText()).get(0);
		assertThat(op.get("op").asString()).isEqualTo("Sleep");
		assertThat(op.get("opts").get("duration").asString()).isEqualTo("2030-01-01T00:00:00Z");
	}

	@Test
	void repeatedStepIdsAreIndexed() {
		InngestFunction function = InngestFunction.builder("repeats").handler((ctx, step) -> {
			step.run("same", String.class, () -> "1");
			step.run("same", String.class, () -> "2");
			return null;
		});
		InngestResponse response = call(function, "step", Map.of(StepIds.hash("same"), json("{\"data\":\"1\"}")), 0,
				false);
		JsonNode op = json(response.bodyText()).get(0);
		assertThat(op.get("id").asString()).isEqualTo(StepIds.hash("same:1"));
		assertThat(op.get("userland").toString()).isEqualTo("{\"id\":\"same\",\"index\":1}");
	}

	private InngestResponse call(InngestProperties properties, InngestFunction function, @Nullable String stepId,
			Map<String, @Nullable JsonNode> steps, int attempt, boolean disableImmediate, SimpleMeterRegistry meters) {
		InngestHandler handler = TestHandlers.handler(properties, List.of(function), List.of(), meters);
		return handler.handle(post("app-" + function.id(), stepId,
				body(this.event, steps, new ArrayList<>(steps.keySet()), attempt, disableImmediate)));
	}

	/**
	 * A step that is deferred (the media engine is busy) until it has been deferred
	 * {@code deferrals} times, then returns how many deferrals it saw.
	 */
	private InngestFunction deferring(int deferrals, List<StepContext> contexts) {
		return InngestFunction.builder("deferring").handler((ctx, step) -> step.run("encode", String.class, () -> {
			StepContext context = StepContext.current();
			contexts.add(context);
			this.bodies.incrementAndGet();
			if (context.deferrals() < deferrals) {
				throw new StepDeferral("No free heavy slot", Duration.ofMillis(4200), null);
			}
			return "encoded after " + context.deferrals();
		}));
	}

	private static final String ENCODE = StepIds.hash("encode");

	private static String sleepOf(String hashed, int deferrals) {
		return StepIds.hash(hashed + ":wait:" + deferrals);
	}

	private static String runOf(String hashed, int deferrals) {
		return StepIds.hash(hashed + ":run:" + deferrals);
	}

	private static Map<String, @Nullable JsonNode> memos(Object... idsAndValues) {
		Map<String, @Nullable JsonNode> steps = new LinkedHashMap<>();
		for (int i = 0; i < idsAndValues.length; i += 2) {
			steps.put((String) idsAndValues[i], (JsonNode) idsAndValues[i + 1]);
		}
		return steps;
	}

	/** The memo of a link that was deferred, as Inngest hands it back. */
	private static JsonNode deferral(String sleep) {
		return json("{\"data\":{\"__deferral\":{\"reason\":\"No free heavy slot\",\"sleep\":\"" + sleep + "\"}}}");
	}

	@Test
	void aDeferredStepAnswersADeferralAsItsResultWithoutUsingAnAttempt() {
		List<StepContext> contexts = new CopyOnWriteArrayList<>();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		// the last attempt: a failure would be StepFailed, a deferral is not an attempt
		InngestResponse response = call(TestHandlers.dev(), deferring(1, contexts), "step", Map.of(), 4, false, meters);
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.headers()).doesNotContainKeys("Retry-After", "X-Inngest-No-Retry");
		assertThat(response.bodyText())
			.isEqualTo("[{\"data\":{\"__deferral\":{\"reason\":\"No free heavy slot\",\"sleep\":\"5s\"}},"
					+ "\"displayName\":\"encode (deferred 1 of 60, for 5s)\",\"id\":\"" + ENCODE
					+ "\",\"name\":\"encode\",\"op\":\"StepRun\",\"userland\":{\"id\":\"encode\"}}]");
		assertThat(contexts).singleElement().satisfies((context) -> {
			assertThat(context.hashedId()).isEqualTo(ENCODE);
			assertThat(context.deferrals()).isZero();
			assertThat(context.attempt()).isEqualTo(4);
		});
		assertThat(meters.get("inngest.steps")
			.tag("function", "deferring")
			.tag("step", "encode")
			.tag("outcome", "deferred")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void theReplayAfterADeferralSleepsUnderADerivedId() {
		List<StepContext> contexts = new CopyOnWriteArrayList<>();
		Map<String, @Nullable JsonNode> deferred = memos(ENCODE, deferral("5s"));
		InngestResponse response = call(TestHandlers.dev(), deferring(1, contexts), "step", deferred, 0, false,
				new SimpleMeterRegistry());
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.bodyText())
			.isEqualTo("[{\"data\":null,\"displayName\":\"encode (deferred 1 of 60, for 5s)\",\"id\":\""
					+ sleepOf(ENCODE, 0) + "\",\"name\":\"encode\",\"op\":\"Sleep\",\"opts\":{\"duration\":\"5s\"}}]");
		// planned the same way: the sleep is the step's place in a group
		assertThat(json(
				call(TestHandlers.dev(), deferring(1, contexts), "step", deferred, 0, true, new SimpleMeterRegistry())
					.bodyText())
			.get(0)
			.get("op")
			.asString()).isEqualTo("Sleep");
		// a redelivery of the deferred link finds nothing to run
		InngestResponse stale = call(TestHandlers.dev(), deferring(1, contexts), ENCODE, deferred, 0, true,
				new SimpleMeterRegistry());
		assertThat(stale.status()).isEqualTo(500);
		assertThat(json(stale.bodyText()).get("foundSteps").get(0).asString()).isEqualTo(sleepOf(ENCODE, 0));
		assertThat(contexts).isEmpty();
	}

	@Test
	void onceTheSleepIsMemoizedTheStepRunsUnderANewIdWithTheSameLeaseId() {
		List<StepContext> contexts = new CopyOnWriteArrayList<>();
		Map<String, @Nullable JsonNode> slept = memos(ENCODE, deferral("5s"), sleepOf(ENCODE, 0), null);
		InngestResponse response = call(TestHandlers.dev(), deferring(1, contexts), "step", slept, 0, false,
				new SimpleMeterRegistry());
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.bodyText())
			.isEqualTo("[{\"data\":\"encoded after 1\",\"displayName\":\"encode (after deferral 1)\",\"id\":\""
					+ runOf(ENCODE, 1) + "\",\"name\":\"encode\",\"op\":\"StepRun\"}]");
		assertThat(contexts).singleElement().satisfies((context) -> {
			assertThat(context.hashedId()).as("the lease key of every link").isEqualTo(ENCODE);
			assertThat(context.deferrals()).isOne();
		});
		// deferred again: the second link's result is a deferral, then the second sleep
		JsonNode again = json(
				call(TestHandlers.dev(), deferring(2, contexts), "step", slept, 0, false, new SimpleMeterRegistry())
					.bodyText())
			.get(0);
		assertThat(again.get("op").asString()).isEqualTo("StepRun");
		assertThat(again.get("id").asString()).isEqualTo(runOf(ENCODE, 1));
		assertThat(again.get("data").has(StepDeferral.RESULT_FIELD)).isTrue();
		slept.put(runOf(ENCODE, 1), deferral("5s"));
		JsonNode secondSleep = json(
				call(TestHandlers.dev(), deferring(2, contexts), "step", slept, 0, false, new SimpleMeterRegistry())
					.bodyText())
			.get(0);
		assertThat(secondSleep.get("op").asString()).isEqualTo("Sleep");
		assertThat(secondSleep.get("id").asString()).isEqualTo(sleepOf(ENCODE, 1));
	}

	@Test
	void theMemoOfALaterLinkIsTheStepsResult() {
		List<StepContext> contexts = new CopyOnWriteArrayList<>();
		InngestResponse response = call(TestHandlers.dev(), deferring(2, contexts), "step",
				memos(ENCODE, deferral("5s"), sleepOf(ENCODE, 0), null, runOf(ENCODE, 1), deferral("5s"),
						sleepOf(ENCODE, 1), null, runOf(ENCODE, 2), json("{\"data\":\"encoded after 2\"}")),
				0, false, new SimpleMeterRegistry());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("\"encoded after 2\"");
		assertThat(contexts).isEmpty();
		// a link with a real result ends the chain, whatever follows it
		InngestResponse earlier = call(TestHandlers.dev(), deferring(2, contexts), "step",
				memos(ENCODE, json("{\"data\":\"first\"}"), sleepOf(ENCODE, 0), null), 0, false,
				new SimpleMeterRegistry());
		assertThat(earlier.bodyText()).isEqualTo("\"first\"");
		assertThat(contexts).isEmpty();
	}

	@Test
	void aDeferralPastTheBoundIsARetryThatUsesAnAttempt() {
		List<StepContext> contexts = new CopyOnWriteArrayList<>();
		InngestProperties bounded = TestHandlers.dev().withMaxStepDeferrals(2);
		Map<String, @Nullable JsonNode> twice = memos(ENCODE, deferral("5s"), sleepOf(ENCODE, 0), null,
				runOf(ENCODE, 1), deferral("5s"), sleepOf(ENCODE, 1), null);
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		InngestResponse response = call(bounded, deferring(5, contexts), "step", twice, 0, false, meters);
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.headers()).containsEntry("X-Inngest-No-Retry", "false").containsEntry("Retry-After", "5");
		JsonNode op = json(response.bodyText()).get(0);
		assertThat(op.get("op").asString()).isEqualTo("StepError");
		assertThat(op.get("id").asString()).isEqualTo(runOf(ENCODE, 2));
		assertThat(op.get("error").get("name").asString()).isEqualTo("StepDeferral");
		assertThat(meters.get("inngest.steps").tag("outcome", "step-error").timer().count()).isEqualTo(1);
		JsonNode last = json(call(bounded, deferring(5, contexts), "step", twice, 4, false, meters).bodyText()).get(0);
		assertThat(last.get("op").asString()).isEqualTo("StepFailed");
		// one deferral fewer is still a deferral
		JsonNode within = json(call(bounded, deferring(5, contexts), "step",
				memos(ENCODE, deferral("5s"), sleepOf(ENCODE, 0), null), 0, false, meters)
			.bodyText()).get(0);
		assertThat(within.get("op").asString()).isEqualTo("StepRun");
		assertThat(within.get("id").asString()).isEqualTo(runOf(ENCODE, 1));
		assertThat(within.get("data").has(StepDeferral.RESULT_FIELD)).isTrue();
	}

	@Test
	void targetedAndPlannedCallsUseTheCurrentLink() {
		List<StepContext> contexts = new CopyOnWriteArrayList<>();
		Map<String, @Nullable JsonNode> slept = memos(ENCODE, deferral("5s"), sleepOf(ENCODE, 0), null);
		InngestResponse planned = call(TestHandlers.dev(), deferring(1, contexts), "step", slept, 0, true,
				new SimpleMeterRegistry());
		assertThat(planned.bodyText())
			.isEqualTo("[{\"data\":null,\"displayName\":\"encode (after deferral 1)\"," + "\"id\":\"" + runOf(ENCODE, 1)
					+ "\",\"name\":\"encode\",\"op\":\"StepPlanned\"," + "\"opts\":{\"type\":\"step.run\"}}]");
		assertThat(contexts).isEmpty();
		InngestResponse targeted = call(TestHandlers.dev(), deferring(1, contexts), runOf(ENCODE, 1), slept, 0, true,
				new SimpleMeterRegistry());
		assertThat(json(targeted.bodyText()).get(0).get("op").asString()).isEqualTo("StepRun");
		assertThat(contexts).hasSize(1);
		InngestResponse stale = call(TestHandlers.dev(), deferring(1, contexts), ENCODE, slept, 0, true,
				new SimpleMeterRegistry());
		assertThat(stale.status()).as("the link that was deferred is not run again").isEqualTo(500);
		assertThat(json(stale.bodyText()).get("foundSteps").get(0).asString()).isEqualTo(runOf(ENCODE, 1));
		assertThat(contexts).hasSize(1);
	}

	@Test
	void repeatedStepsDeferUnderTheirOwnIds() {
		InngestFunction function = InngestFunction.builder("twice").handler((ctx, step) -> {
			step.run("encode", String.class, () -> "one");
			return step.run("encode", String.class, () -> {
				throw new StepDeferral("No free heavy slot", Duration.ofSeconds(1), null);
			});
		});
		String second = StepIds.hash("encode:1");
		JsonNode op = json(call(TestHandlers.dev(), function, "step", memos(ENCODE, json("{\"data\":\"one\"}")), 0,
				false, new SimpleMeterRegistry())
			.bodyText()).get(0);
		assertThat(op.get("id").asString()).isEqualTo(second);
		assertThat(op.get("data").get(StepDeferral.RESULT_FIELD).get("sleep").asString()).isEqualTo("1s");
		JsonNode sleep = json(call(TestHandlers.dev(), function, "step",
				memos(ENCODE, json("{\"data\":\"one\"}"), second, deferral("1s")), 0, false, new SimpleMeterRegistry())
			.bodyText()).get(0);
		assertThat(sleep.get("id").asString()).isEqualTo(sleepOf(second, 0));
		assertThat(sleep.get("opts").get("duration").asString()).isEqualTo("1s");
	}

	@Test
	void aGroupMemberThatIsDeferredRunsAgainUnderItsNextLink() {
		InngestFunction function = InngestFunction.builder("fan-out").handler((ctx, step) -> {
			List<StepCall<Integer>> calls = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				int index = i;
				calls.add(StepCall.of("segment-" + i, () -> {
					this.bodies.incrementAndGet();
					if (index == 1 && StepContext.current().deferrals() == 0) {
						throw new StepDeferral("No free heavy slot", Duration.ofSeconds(3), null);
					}
					return index * 10;
				}));
			}
			return step.parallel(Integer.class, calls).stream().mapToInt(Integer::intValue).sum();
		});
		String segment1 = StepIds.hash("segment-1");
		// the planned member answers under its own id, so the group stops waiting for it
		JsonNode deferred = json(
				call(TestHandlers.dev(), function, segment1, Map.of(), 0, true, new SimpleMeterRegistry()).bodyText());
		assertThat(deferred).hasSize(1);
		assertThat(deferred.get(0).get("op").asString()).isEqualTo("StepRun");
		assertThat(deferred.get(0).get("id").asString()).isEqualTo(segment1);
		assertThat(deferred.get(0).get("data").get(StepDeferral.RESULT_FIELD).get("sleep").asString()).isEqualTo("3s");

		// once the others are done, the replay reports the sleep
		Map<String, @Nullable JsonNode> others = memos(StepIds.hash("segment-0"), json("{\"data\":0}"),
				StepIds.hash("segment-2"), json("{\"data\":20}"), segment1, deferral("3s"));
		JsonNode sleeping = json(
				call(TestHandlers.dev(), function, "step", others, 0, true, new SimpleMeterRegistry()).bodyText());
		assertThat(sleeping).hasSize(1);
		assertThat(sleeping.get(0).get("op").asString()).isEqualTo("Sleep");
		assertThat(sleeping.get(0).get("id").asString()).isEqualTo(sleepOf(segment1, 0));

		// while segment-2 still runs, the group reports the sleep beside it
		Map<String, @Nullable JsonNode> pending = memos(StepIds.hash("segment-0"), json("{\"data\":0}"), segment1,
				deferral("3s"));
		JsonNode both = json(
				call(TestHandlers.dev(), function, "step", pending, 0, true, new SimpleMeterRegistry()).bodyText());
		assertThat(both).extracting((op) -> op.get("op").asString() + " " + op.get("id").asString())
			.containsExactly("Sleep " + sleepOf(segment1, 0), "StepPlanned " + StepIds.hash("segment-2"));

		// after the sleep the next link is planned, then runs
		others.put(sleepOf(segment1, 0), null);
		JsonNode replanned = json(
				call(TestHandlers.dev(), function, "step", others, 0, true, new SimpleMeterRegistry()).bodyText());
		assertThat(replanned).hasSize(1);
		assertThat(replanned.get(0).get("op").asString()).isEqualTo("StepPlanned");
		assertThat(replanned.get(0).get("id").asString()).isEqualTo(runOf(segment1, 1));
		JsonNode ran = json(
				call(TestHandlers.dev(), function, runOf(segment1, 1), others, 0, true, new SimpleMeterRegistry())
					.bodyText())
			.get(0);
		assertThat(ran.get("op").asString()).isEqualTo("StepRun");
		assertThat(ran.get("data").asInt()).isEqualTo(10);

		others.put(runOf(segment1, 1), json("{\"data\":10}"));
		InngestResponse done = call(TestHandlers.dev(), function, "step", others, 0, true, new SimpleMeterRegistry());
		assertThat(done.status()).isEqualTo(200);
		assertThat(done.bodyText()).isEqualTo("30");
	}

	@Test
	void stepBodiesSeeTheirContextMiddlewareAndMdc() {
		List<String> trace = new CopyOnWriteArrayList<>();
		StepMiddleware outer = (step, body) -> {
			trace.add("outer:" + step.stepId());
			return body.call();
		};
		StepMiddleware inner = (step, body) -> {
			trace.add("inner:" + step.hashedId());
			return body.call();
		};
		InngestFunction function = InngestFunction.builder("ctx")
			.handler((ctx, step) -> step.run("lease", String.class, () -> {
				StepContext context = StepContext.current();
				trace.add(context.runId() + "/" + context.attempt() + "/" + context.maxAttempts());
				trace.add(MDC.get("runId") + "/" + MDC.get("functionId") + "/" + MDC.get("stepId") + "/"
						+ MDC.get("attempt"));
				return "ok";
			}));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		InngestHandler handler = TestHandlers.handler(TestHandlers.dev(), List.of(function), List.of(outer, inner),
				meters);
		handler.handle(post("app-ctx", "step", body(this.event, Map.of(), List.of(), 2, false)));
		assertThat(trace).containsExactly("outer:lease", "inner:" + StepIds.hash("lease"),
				"01JRUN0000000000000000000/2/5", "01JRUN0000000000000000000/ctx/lease/2");
		assertThat(StepContext.find()).isEmpty();
		assertThat(MDC.get("runId")).isNull();
		assertThat(meters.get("inngest.steps")
			.tag("function", "ctx")
			.tag("step", "lease")
			.tag("outcome", "success")
			.timer()
			.count()).isEqualTo(1);
		assertThat(meters.get("inngest.requests").tag("function", "ctx").tag("kind", "discovery").timer().count())
			.isEqualTo(1);
	}

	@Test
	void stepsCannotBeNested() {
		InngestFunction function = InngestFunction.builder("nested")
			.handler((ctx, step) -> step.run("outer", String.class, () -> step.run("inner", String.class, () -> "x")));
		JsonNode op = json(call(function, "step", Map.of(), 0, false).bodyText()).get(0);
		assertThat(op.get("op").asString()).isEqualTo("StepError");
		assertThat(op.get("error").get("message").asString()).contains("inside another step");
	}

	@Test
	void recordsAreSerialisedWithSortedKeys() {
		record Probe(int width, String codec, double duration) {
		}
		InngestFunction function = InngestFunction.builder("records")
			.handler((ctx, step) -> step.run("probe", Probe.class, () -> new Probe(640, "h264", 2.5)));
		JsonNode op = json(call(function, "step", Map.of(), 0, false).bodyText()).get(0);
		assertThat(op.get("data").toString()).isEqualTo("{\"codec\":\"h264\",\"duration\":2.5,\"width\":640}");
		InngestResponse done = call(function, "step",
				Map.of(StepIds.hash("probe"), json("{\"data\":{\"codec\":\"h264\",\"duration\":2.5,\"width\":640}}")),
				0, false);
		assertThat(done.bodyText()).isEqualTo("{\"codec\":\"h264\",\"duration\":2.5,\"width\":640}");
	}

}
