package com.clipworker.inngest;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the Inngest server would reject fails at declaration, naming the function and the
 * rule.
 */
class InngestFunctionTests {

	private static void rejects(UnaryOperator<InngestFunction.Builder> declaration, String rule) {
		assertThatExceptionOfType(InngestConfigurationException.class)
			.isThrownBy(() -> declaration.apply(InngestFunction.builder("clip-export")).handler((ctx, step) -> null))
			.withMessageStartingWith("Inngest function 'clip-export': ")
			.withMessageContaining(rule);
	}

	@Test
	void batchingCannotBeCombinedWithCancelDebounceSingletonOrPriority() {
		InngestFunction.BatchEvents batch = new InngestFunction.BatchEvents(10, Duration.ofSeconds(5), null, null);
		rejects((b) -> b.batchEvents(batch).cancelOn("video/deleted"), "batchEvents cannot be combined with cancelOn");
		rejects((b) -> b.batchEvents(batch).debounce(new InngestFunction.Debounce(Duration.ofSeconds(10), null, null)),
				"debounce");
		rejects((b) -> b.batchEvents(batch)
			.singleton(new InngestFunction.Singleton("event.data.id", InngestFunction.SingletonMode.SKIP)),
				"singleton");
		rejects((b) -> b.batchEvents(batch).priority("event.data.plan == 'pro' ? 120 : 0"), "priority");
		rejects((b) -> b.batchEvents(new InngestFunction.BatchEvents(1, Duration.ofSeconds(5), null, null)),
				"maxSize must be at least 2");
	}

	@Test
	void limitsOnCounts() {
		rejects((b) -> {
			for (int i = 0; i < 11; i++) {
				b.trigger(Trigger.event("e/" + i));
			}
			return b;
		}, "at most 10 triggers");
		rejects((b) -> b.concurrency(1).concurrency(2, "a").concurrency(3, "b"), "at most 2 concurrency limits");
		rejects((b) -> b.trigger(Trigger.event("a")).trigger(Trigger.event("a")), "triggers must not repeat");
		rejects((b) -> b.retries(21), "retries must be between 0 and 20");
	}

	@Test
	void badDurationsAndShapes() {
		rejects((b) -> b.debounce(new InngestFunction.Debounce(Duration.ofMillis(500), null, null)),
				"debounce period must be between 1s and 168h");
		rejects((b) -> b.rateLimit(new InngestFunction.RateLimit(1, Duration.ofHours(25), null)),
				"rate limit period must be between 1s and 24h");
		rejects((b) -> b.trigger(Trigger.cron("* * * * *", Duration.ofMinutes(6))), "cron jitter");
		rejects((b) -> b.concurrency(new InngestFunction.Concurrency(5, null, InngestFunction.Scope.ACCOUNT)),
				"scoped to account needs a key");
		rejects((b) -> b.trigger(new Trigger("a", null, "* * * * *", null)), "either an event or a cron");
	}

	@Test
	void badIdsAreRejected() {
		assertThatExceptionOfType(InngestConfigurationException.class)
			.isThrownBy(() -> InngestFunction.builder("bad id!").handler((ctx, step) -> null))
			.withMessageContaining("'bad id!'");
	}

	@Test
	void duplicateIdsAreRejected() {
		InngestFunction a = InngestFunction.builder("a").handler((ctx, step) -> null);
		assertThatExceptionOfType(InngestConfigurationException.class)
			.isThrownBy(() -> new FunctionRegistry("app", List.of(a, a)))
			.withMessageContaining("'a' is declared twice");
	}

	@Test
	void aValidDeclarationKeepsEverything() {
		InngestFunction function = InngestFunction.builder("process-video")
			.name("Process video")
			.trigger(Trigger.event("video/uploaded"))
			.trigger(Trigger.event("video/reprocess.requested"))
			.concurrency(4)
			.concurrency(1, "event.data.ownerId")
			.retries(10)
			.throttle(new InngestFunction.Throttle(10, Duration.ofMinutes(1), 2, "event.data.ownerId"))
			.idempotency("event.data.videoId")
			.timeouts(new InngestFunction.Timeouts(Duration.ofMinutes(10), Duration.ofHours(6)))
			.cancelOn("video/deleted", "async.data.videoId == event.data.videoId")
			.handler((ctx, step) -> null);
		assertThat(function.triggers()).hasSize(2);
		assertThat(function.concurrency()).hasSize(2);
		assertThat(function.retries()).isEqualTo(10);
		assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
		assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
	}

}
