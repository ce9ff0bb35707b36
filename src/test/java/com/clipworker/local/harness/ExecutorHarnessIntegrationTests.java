package com.clipworker.local.harness;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.clipworker.inngest.Event;
import com.clipworker.inngest.InngestFunction;
import com.clipworker.inngest.StepCall;
import com.clipworker.inngest.StepContext;
import com.clipworker.inngest.StepDeferral;
import com.clipworker.inngest.Trigger;
import com.clipworker.inngest.conformance.ConformanceFixture;
import com.clipworker.inngest.conformance.ConformanceFunctions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The harness driving real apps through a real port: the conformance functions in dev
 * mode (out-of-band sync) and signed in cloud mode (in-band sync), parallel steps,
 * deferred steps (alone and in a group), concurrency limits, fan-out, invoke, onFailure,
 * duplicate delivery, the per-request timeout and routing a run's later requests to
 * another endpoint.
 */
class ExecutorHarnessIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources.reversed()) {
			resource.close();
		}
	}

	private ExecutorHarness harness(ExecutorHarness.Builder builder) {
		ExecutorHarness harness = builder.build();
		this.resources.add(harness);
		return harness;
	}

	private URI app(ExecutorHarness harness, List<InngestFunction> functions, String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--inngest.app-id=app",
				"--inngest.base-url=" + harness.apiUrl(), "--inngest.event-key=test"));
		args.addAll(List.of(extra));
		ConfigurableApplicationContext context = ConformanceFixture.start(functions, args.toArray(String[]::new));
		this.resources.add(context);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		URI endpoint = URI.create("http://127.0.0.1:" + port + "/api/inngest");
		harness.sync(endpoint);
		return endpoint;
	}

	private static void waitUntil(Predicate<ExecutorHarness> condition, ExecutorHarness harness) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (!condition.test(harness)) {
			assertThat(System.nanoTime()).as("condition within %s", TIMEOUT).isLessThan(deadline);
			LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
		}
	}

	private static boolean reported(ExecutorHarness harness, String runId, StepTiming.Outcome outcome) {
		return harness.timings().stream().anyMatch((t) -> t.runId().equals(runId) && t.outcome() == outcome);
	}

	@Test
	void runsTheConformanceFunctionsInDevMode() {
		List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
		ExecutorHarness harness = harness(ExecutorHarness.builder().listener(new HarnessListener() {

			@Override
			public void stepFinished(StepTiming timing) {
				progress.add(timing.stepName() + ":" + timing.outcome());
			}

			@Override
			public void runFinished(RunResult result) {
				progress.add("run:" + result.status());
			}

		}));
		app(harness, new ConformanceFunctions().all(), "--inngest.dev=1", "--inngest.signing-key=");
		assertThat(harness.functionIds()).contains("app-test-suite-simple-fn", "app-test-suite-wait-for-event");

		RunHandle simple = harness.send(Event.of("tests/function.test", Map.of("test", true))).get(0);
		assertThat(harness.awaitCompletion(simple, TIMEOUT).output().toString())
			.isEqualTo("{\"body\":\"ok\",\"name\":\"tests/function.test\"}");

		RunHandle steps = harness.send(Event.of("tests/step.test", Map.of("steps", Map.of("ok", "yes")))).get(0);
		assertThat(harness.awaitCompletion(steps, TIMEOUT).output().toString())
			.isEqualTo("{\"body\":\"ok\",\"name\":\"tests/step.test\"}");
		assertThat(harness.timings().stream().filter((t) -> t.runId().equals(steps.runId())).map(StepTiming::outcome))
			.containsExactly(StepTiming.Outcome.RAN, StepTiming.Outcome.SLEEP, StepTiming.Outcome.RAN,
					StepTiming.Outcome.COMPLETE);
		assertThat(progress).containsSubsequence("first step:RAN", "sleep:SLEEP", "second step:RAN", "step:COMPLETE",
				"run:COMPLETED");

		RunHandle retry = harness.send(Event.of("tests/retry.test", Map.of())).get(0);
		assertThat(harness.awaitCompletion(retry, TIMEOUT).completed()).isTrue();
		assertThat(harness.timings().stream().filter((t) -> t.runId().equals(retry.runId())).map(StepTiming::outcome))
			.containsExactly(StepTiming.Outcome.ERROR, StepTiming.Outcome.RAN, StepTiming.Outcome.FUNCTION_ERROR,
					StepTiming.Outcome.COMPLETE);
	}

	@Test
	void cancelsAndResumesSignedRunsInCloudMode() {
		String key = "signkey-test-" + ConformanceFixture.SIGNING_KEY;
		ExecutorHarness harness = harness(ExecutorHarness.builder()
			.signingKey(key)
			.maxSleep(Duration.ofMinutes(1))
			.maxWait(Duration.ofMinutes(1)));
		app(harness, new ConformanceFunctions().all(), "--inngest.dev=0", "--inngest.signing-key=" + key);

		RunHandle cancel = harness.send(Event.of("tests/cancel.test", Map.of("request_id", "123"))).get(0);
		waitUntil((h) -> reported(h, cancel.runId(), StepTiming.Outcome.SLEEP), harness);
		harness.send(Event.of("cancel/please", Map.of("request_id", "other")));
		harness.send(Event.of("cancel/please", Map.of("request_id", "123")));
		assertThat(harness.awaitCompletion(cancel, TIMEOUT).status()).isEqualTo(RunResult.Status.CANCELLED);

		RunHandle wait = harness.send(Event.of("tests/wait.test", Map.of("id", "w1"))).get(0);
		waitUntil((h) -> reported(h, wait.runId(), StepTiming.Outcome.WAIT), harness);
		harness.send(Event.of("test/resume", Map.of("id", "w2", "resume", true)));
		harness.send(Event.of("test/resume", Map.of("id", "w1", "resume", true)));
		assertThat(harness.awaitCompletion(wait, TIMEOUT).output().toString())
			.isEqualTo("{\"result\":{\"id\":\"w1\",\"resume\":true}}");
	}

	@Test
	void largeStateIsFetchedByTheAppWithTheBearerKey() {
		String key = "signkey-test-" + ConformanceFixture.SIGNING_KEY;
		ExecutorHarness harness = harness(ExecutorHarness.builder().signingKey(key).useApiThreshold(10));
		app(harness, new ConformanceFunctions().all(), "--inngest.dev=0", "--inngest.signing-key=" + key);
		RunHandle steps = harness.send(Event.of("tests/step.test", Map.of("steps", Map.of("ok", "yes")))).get(0);
		assertThat(harness.awaitCompletion(steps, TIMEOUT).output().toString())
			.isEqualTo("{\"body\":\"ok\",\"name\":\"tests/step.test\"}");
	}

	@Test
	void aWaitTimesOutWithNothing() {
		ExecutorHarness harness = harness(ExecutorHarness.builder().maxWait(Duration.ofMillis(100)));
		app(harness, new ConformanceFunctions().all(), "--inngest.dev=1");
		RunHandle wait = harness.send(Event.of("tests/wait.test", Map.of("id", "w1"))).get(0);
		assertThat(harness.awaitCompletion(wait, TIMEOUT).output().toString()).isEqualTo("{}");
	}

	@Test
	void plannedStepsRunConcurrentlyAndLimitsQueueRuns() {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger peak = new AtomicInteger();
		InngestFunction fanOut = InngestFunction.builder("fan-out")
			.trigger(Trigger.event("video/uploaded"))
			.handler((ctx, step) -> {
				List<StepCall<Integer>> calls = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					int index = i;
					calls.add(StepCall.of("segment-" + i, () -> index));
				}
				return step.parallel(Integer.class, calls).stream().mapToInt(Integer::intValue).sum();
			});
		InngestFunction limited = InngestFunction.builder("limited")
			.trigger(Trigger.event("video/uploaded"))
			.concurrency(1)
			.handler((ctx, step) -> step.run("work", Integer.class, () -> {
				peak.accumulateAndGet(running.incrementAndGet(), Math::max);
				LockSupport.parkNanos(Duration.ofMillis(30).toNanos());
				running.decrementAndGet();
				return 1;
			}));
		ExecutorHarness harness = harness(ExecutorHarness.builder());
		app(harness, List.of(fanOut, limited), "--inngest.dev=1");
		List<RunHandle> runs = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			runs.addAll(harness.send(Event.of("video/uploaded", Map.of("videoId", "v" + i))));
		}
		assertThat(runs).hasSize(8);
		for (RunHandle run : runs) {
			assertThat(harness.awaitCompletion(run, TIMEOUT).completed()).isTrue();
		}
		RunHandle first = runs.stream().filter((r) -> r.functionId().equals("app-fan-out")).findFirst().orElseThrow();
		assertThat(harness.awaitCompletion(first, TIMEOUT).output().asInt()).isEqualTo(6);
		assertThat(harness.timings().stream().filter((t) -> t.runId().equals(first.runId())).map(StepTiming::outcome))
			.startsWith(StepTiming.Outcome.PLANNED, StepTiming.Outcome.PLANNED, StepTiming.Outcome.PLANNED,
					StepTiming.Outcome.PLANNED)
			.endsWith(StepTiming.Outcome.COMPLETE);
		assertThat(peak).hasValue(1);
	}

	@Test
	void keyedLimitsQueuePerKey() {
		Map<String, AtomicInteger> running = new java.util.concurrent.ConcurrentHashMap<>();
		Map<String, AtomicInteger> peaks = new java.util.concurrent.ConcurrentHashMap<>();
		AtomicInteger overall = new AtomicInteger();
		AtomicInteger overallPeak = new AtomicInteger();
		InngestFunction perOwner = InngestFunction.builder("per-owner")
			.trigger(Trigger.event("video/uploaded"))
			.concurrency(1, "event.data.ownerId")
			.handler((ctx, step) -> step.run("work", Integer.class, () -> {
				String owner = ctx.event().data().get("ownerId").asString();
				peaks.computeIfAbsent(owner, (k) -> new AtomicInteger())
					.accumulateAndGet(running.computeIfAbsent(owner, (k) -> new AtomicInteger()).incrementAndGet(),
							Math::max);
				overallPeak.accumulateAndGet(overall.incrementAndGet(), Math::max);
				LockSupport.parkNanos(Duration.ofMillis(150).toNanos());
				overall.decrementAndGet();
				running.get(owner).decrementAndGet();
				return 1;
			}));
		ExecutorHarness harness = harness(ExecutorHarness.builder());
		app(harness, List.of(perOwner), "--inngest.dev=1");
		List<RunHandle> runs = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			runs.addAll(harness.send(Event.of("video/uploaded", Map.of("ownerId", "a", "videoId", "a" + i))));
			runs.addAll(harness.send(Event.of("video/uploaded", Map.of("ownerId", "b", "videoId", "b" + i))));
		}
		for (RunHandle run : runs) {
			assertThat(harness.awaitCompletion(run, TIMEOUT).completed()).isTrue();
		}
		assertThat(peaks.get("a")).hasValue(1);
		assertThat(peaks.get("b")).hasValue(1);
		assertThat(overallPeak.get()).isEqualTo(2);
	}

	/**
	 * A step that is deferred until it has been deferred {@code deferrals} times, then
	 * returns {@code value}; records the attempt and deferrals each run saw.
	 */
	private static java.util.concurrent.Callable<Integer> deferred(int deferrals, int value, List<String> seen) {
		return deferred(deferrals, Duration.ofSeconds(2), value, seen);
	}

	private static java.util.concurrent.Callable<Integer> deferred(int deferrals, Duration delay, int value,
			List<String> seen) {
		return () -> {
			StepContext context = StepContext.current();
			seen.add(context.attempt() + "/" + context.deferrals());
			if (context.deferrals() < deferrals) {
				throw new StepDeferral("No free heavy slot", delay, null);
			}
			return value;
		};
	}

	private static InngestFunction deferredEncode(List<String> seen) {
		return InngestFunction.builder("encode")
			.trigger(Trigger.event("video/uploaded"))
			.retries(1)
			.handler((ctx, step) -> step.run("encode", Integer.class, deferred(5, 42, seen)));
	}

	@Test
	void aStepDeferredMoreTimesThanItHasAttemptsCompletes() {
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		ExecutorHarness harness = harness(ExecutorHarness.builder());
		app(harness, List.of(deferredEncode(seen)), "--inngest.dev=1");
		RunHandle run = harness.send(Event.of("video/uploaded", Map.of("videoId", "v1"))).get(0);
		RunResult result = harness.awaitCompletion(run, TIMEOUT);
		assertThat(result.status()).as("encode: %s", result.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(result.output().asInt()).isEqualTo(42);
		assertThat(seen).containsExactly("0/0", "0/1", "0/2", "0/3", "0/4", "0/5");
		assertThat(harness.timings().stream().filter((t) -> t.runId().equals(run.runId())).map(StepTiming::outcome))
			.containsExactly(StepTiming.Outcome.DEFERRED, StepTiming.Outcome.SLEEP, StepTiming.Outcome.DEFERRED,
					StepTiming.Outcome.SLEEP, StepTiming.Outcome.DEFERRED, StepTiming.Outcome.SLEEP,
					StepTiming.Outcome.DEFERRED, StepTiming.Outcome.SLEEP, StepTiming.Outcome.DEFERRED,
					StepTiming.Outcome.SLEEP, StepTiming.Outcome.RAN, StepTiming.Outcome.COMPLETE);
	}

	@Test
	void withoutDeferralsTheSameStepExhaustsItsAttempts() {
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		ExecutorHarness harness = harness(ExecutorHarness.builder());
		app(harness, List.of(deferredEncode(seen)), "--inngest.dev=1", "--inngest.max-step-deferrals=0");
		RunHandle run = harness.send(Event.of("video/uploaded", Map.of("videoId", "v1"))).get(0);
		RunResult result = harness.awaitCompletion(run, TIMEOUT);
		assertThat(result.status()).isEqualTo(RunResult.Status.FAILED);
		assertThat(seen).containsExactly("0/0", "1/0");
		assertThat(harness.timings().stream().filter((t) -> t.runId().equals(run.runId())).map(StepTiming::outcome))
			.startsWith(StepTiming.Outcome.ERROR, StepTiming.Outcome.FAILED);
	}

	@Test
	void aGroupMemberDeferredMoreTimesThanItHasAttemptsCompletes() {
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		InngestFunction fanOut = InngestFunction.builder("fan-out")
			.trigger(Trigger.event("video/uploaded"))
			.retries(1)
			.handler((ctx, step) -> step.parallel(Integer.class, List.of(StepCall.of("segment-0", () -> {
				LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
				return 1;
			}), StepCall.of("segment-1", deferred(5, 10, seen)), StepCall.of("segment-2", () -> 100)))
				.stream()
				.mapToInt(Integer::intValue)
				.sum());
		ExecutorHarness harness = harness(ExecutorHarness.builder());
		app(harness, List.of(fanOut), "--inngest.dev=1");
		RunHandle run = harness.send(Event.of("video/uploaded", Map.of("videoId", "v1"))).get(0);
		RunResult result = harness.awaitCompletion(run, TIMEOUT);
		assertThat(result.status()).as("fan-out: %s", result.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(result.output().asInt()).isEqualTo(111);
		// a replay while a sleep ends may run the current link once more (steps are
		// idempotent); never at another attempt, never past the link that returned
		assertThat(seen).startsWith("0/0").endsWith("0/5").isSortedAccordingTo(String::compareTo);
		assertThat(seen.stream().distinct()).containsExactly("0/0", "0/1", "0/2", "0/3", "0/4", "0/5");
		List<StepTiming> ofRun = harness.timings().stream().filter((t) -> t.runId().equals(run.runId())).toList();
		assertThat(ofRun).filteredOn((t) -> t.outcome() == StepTiming.Outcome.DEFERRED).hasSize(5);
		assertThat(ofRun).filteredOn((t) -> t.outcome() == StepTiming.Outcome.SLEEP).hasSize(5);
		assertThat(ofRun).filteredOn((t) -> t.outcome() == StepTiming.Outcome.RAN)
			.extracting(StepTiming::stepName)
			.containsExactlyInAnyOrder("segment-0", "segment-1", "segment-2");
		assertThat(ofRun).noneMatch((t) -> t.outcome() == StepTiming.Outcome.ERROR);
	}

	@Test
	void aStepWhoseDeferralSleepHasNotEndedIsNotPlannedAgain() {
		List<String> first = new java.util.concurrent.CopyOnWriteArrayList<>();
		List<String> second = new java.util.concurrent.CopyOnWriteArrayList<>();
		// segment-1's sleep ends first; the replay that follows still finds segment-2
		// without a result and plans it again, which must be dropped
		InngestFunction fanOut = InngestFunction.builder("fan-out")
			.trigger(Trigger.event("video/uploaded"))
			.retries(1)
			.handler((ctx, step) -> step
				.parallel(Integer.class,
						List.of(StepCall.of("segment-1", deferred(1, Duration.ofMillis(200), 1, first)),
								StepCall.of("segment-2", deferred(1, Duration.ofMillis(1500), 2, second))))
				.stream()
				.mapToInt(Integer::intValue)
				.sum());
		ExecutorHarness harness = harness(ExecutorHarness.builder().maxSleep(Duration.ofSeconds(5)));
		app(harness, List.of(fanOut), "--inngest.dev=1");
		RunHandle run = harness.send(Event.of("video/uploaded", Map.of("videoId", "v1"))).get(0);
		RunResult result = harness.awaitCompletion(run, TIMEOUT);
		assertThat(result.status()).as("fan-out: %s", result.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(result.output().asInt()).isEqualTo(3);
		assertThat(first).containsExactly("0/0", "0/1");
		assertThat(second).containsExactly("0/0", "0/1");
	}

	@Test
	void cloudModeWithoutASigningKeyRefusesToStart() {
		assertThatThrownBy(() -> ConformanceFixture.start(List.of(), "--server.port=0", "--inngest.dev=0",
				"--inngest.signing-key="))
			.rootCause()
			.hasMessageContaining("INNGEST_SIGNING_KEY");
	}

	@Test
	void sentEventsFanOutInvokeReturnsAndFailuresReachOnFailure() {
		AtomicInteger failures = new AtomicInteger();
		InngestFunction producer = InngestFunction.builder("producer")
			.trigger(Trigger.event("video/uploaded"))
			.handler((ctx, step) -> {
				String thumb = step.invoke("thumb", "thumbnail", Map.of("videoId", "v1"), String.class, null);
				step.sendEvent("announce", Event.of("video/processed", Map.of("thumb", thumb)));
				return thumb;
			});
		InngestFunction thumbnail = InngestFunction.builder("thumbnail")
			.handler((ctx, step) -> "thumb-" + ctx.event().data().get("videoId").asString());
		InngestFunction consumer = InngestFunction.builder("consumer")
			.trigger(Trigger.event("video/processed"))
			.retries(1)
			.onFailure((ctx, step) -> failures.incrementAndGet() + ":" + ctx.failure().functionId())
			.handler((ctx, step) -> {
				throw new IllegalStateException("cannot consume " + ctx.event().data().get("thumb").asString());
			});
		ExecutorHarness harness = harness(ExecutorHarness.builder());
		app(harness, List.of(producer, thumbnail, consumer), "--inngest.dev=1");
		RunHandle run = harness.send(Event.of("video/uploaded", Map.of("videoId", "v1"))).get(0);
		assertThat(harness.awaitCompletion(run, TIMEOUT).output().asString()).isEqualTo("thumb-v1");
		waitUntil((h) -> h.runs().stream().anyMatch((r) -> r.functionId().equals("app-consumer-failure")), harness);
		RunHandle consumerRun = harness.runs()
			.stream()
			.filter((r) -> r.functionId().equals("app-consumer"))
			.findFirst()
			.orElseThrow();
		RunResult failed = harness.awaitCompletion(consumerRun, TIMEOUT);
		assertThat(failed.status()).isEqualTo(RunResult.Status.FAILED);
		assertThat(failed.error().get("message").asString()).isEqualTo("cannot consume thumb-v1");
		RunHandle failureRun = harness.runs()
			.stream()
			.filter((r) -> r.functionId().equals("app-consumer-failure"))
			.findFirst()
			.orElseThrow();
		assertThat(harness.awaitCompletion(failureRun, TIMEOUT).output().asString()).isEqualTo("1:app-consumer");
	}

	@Test
	void aStepCanBeDeliveredTwiceConcurrently() {
		List<String> leases = new java.util.concurrent.CopyOnWriteArrayList<>();
		InngestFunction function = InngestFunction.builder("idempotent")
			.trigger(Trigger.event("clip/export.requested"))
			.handler((ctx, step) -> {
				step.run("prepare", String.class, () -> "ready");
				return step.run("render", String.class, () -> {
					StepContext context = StepContext.current();
					leases.add(context.runId() + "/" + context.hashedId());
					return "rendered";
				});
			});
		ExecutorHarness harness = harness(ExecutorHarness.builder().duplicateDelivery("app-idempotent", "render", 1));
		app(harness, List.of(function), "--inngest.dev=1");
		RunHandle run = harness.send(Event.of("clip/export.requested", Map.of("exportId", "e1"))).get(0);
		assertThat(harness.awaitCompletion(run, TIMEOUT).output().asString()).isEqualTo("rendered");
		assertThat(leases).hasSize(2).containsOnly(leases.get(0));
		assertThat(harness.timings()
			.stream()
			.filter((t) -> t.stepName().equals("render") && t.outcome() == StepTiming.Outcome.RAN)
			.map(StepTiming::delivery)).containsExactlyInAnyOrder(0, 1);
	}

	@Test
	void aRequestUnansweredWithinTheRequestTimeoutIsAbandonedAndRetried() throws Exception {
		java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
		List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
		InngestFunction function = InngestFunction.builder("stalls")
			.trigger(Trigger.event("video/uploaded"))
			.retries(3)
			.handler((ctx, step) -> step.run("work", String.class, () -> {
				int attempt = StepContext.current().attempt();
				attempts.add(attempt);
				if (attempt == 0) {
					release.await();
				}
				return "attempt " + attempt;
			}));
		ExecutorHarness harness = harness(ExecutorHarness.builder().requestTimeout(Duration.ofMillis(500)));
		app(harness, List.of(function), "--inngest.dev=1");
		try {
			RunHandle run = harness.send(Event.of("video/uploaded", Map.of("videoId", "v1"))).get(0);
			RunResult result = harness.awaitCompletion(run, TIMEOUT);
			assertThat(release.getCount()).as("the first attempt is still held").isOne();
			assertThat(result.output().asString()).isEqualTo("attempt 1");
			assertThat(harness.timings().stream().filter((t) -> t.runId().equals(run.runId())))
				.extracting(StepTiming::outcome, StepTiming::attempt)
				.startsWith(org.assertj.core.groups.Tuple.tuple(StepTiming.Outcome.TRANSPORT_ERROR, 0),
						org.assertj.core.groups.Tuple.tuple(StepTiming.Outcome.RAN, 1));
			assertThat(harness.timings().get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(500))
				.isLessThan(Duration.ofSeconds(5));
			assertThat(attempts).containsExactly(0, 1);
		}
		finally {
			release.countDown();
		}
		assertThatThrownBy(() -> ExecutorHarness.builder().requestTimeout(Duration.ZERO))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aRunsLaterRequestsGoWhereTheyAreRouted() {
		ExecutorHarness harness = harness(ExecutorHarness.builder());
		app(harness, List.of(twoSteps("first")), "--inngest.dev=1");
		ConfigurableApplicationContext second = ConformanceFixture.start(List.of(twoSteps("second")), "--server.port=0",
				"--inngest.app-id=app", "--inngest.base-url=" + harness.apiUrl(), "--inngest.event-key=test",
				"--inngest.dev=1");
		this.resources.add(second);
		URI secondEndpoint = URI.create(
				"http://127.0.0.1:" + ((WebServerApplicationContext) second).getWebServer().getPort() + "/api/inngest");
		java.util.concurrent.atomic.AtomicBoolean routed = new java.util.concurrent.atomic.AtomicBoolean();
		harness.addListener(new HarnessListener() {
			@Override
			public void stepFinished(StepTiming timing) {
				if (timing.stepName().equals("one") && timing.outcome() == StepTiming.Outcome.RAN
						&& routed.compareAndSet(false, true)) {
					harness.routeTo(secondEndpoint);
				}
			}
		});
		RunHandle run = harness.send(Event.of("video/uploaded", Map.of("videoId", "v1"))).get(0);
		assertThat(harness.awaitCompletion(run, TIMEOUT).output().asString()).isEqualTo("first/second/second");
		harness.routeTo(null);
		RunHandle back = harness.send(Event.of("video/uploaded", Map.of("videoId", "v2"))).get(0);
		assertThat(harness.awaitCompletion(back, TIMEOUT).output().asString()).isEqualTo("first/first/first");
	}

	/** Two steps and a return value, each saying which app ran it. */
	private static InngestFunction twoSteps(String app) {
		return InngestFunction.builder("routed").trigger(Trigger.event("video/uploaded")).handler((ctx, step) -> {
			String one = step.run("one", String.class, () -> app);
			String two = step.run("two", String.class, () -> app);
			return one + "/" + two + "/" + app;
		});
	}

}
