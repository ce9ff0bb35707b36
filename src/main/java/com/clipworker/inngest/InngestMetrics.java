package com.clipworker.inngest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer timers: {@code inngest.requests} per function, kind of request and outcome;
 * {@code inngest.steps} per function, step and outcome. Step ids derived from data are
 * folded ({@code cut-clip-42} is tagged {@code cut-clip-{n}}) to bound the tag values.
 */
public final class InngestMetrics {

	private static final Pattern UUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final Pattern NUMBER = Pattern.compile("[0-9]+");

	private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{16,}");

	private final MeterRegistry registry;

	public InngestMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

	void request(String function, String kind, String outcome, long nanos) {
		this.timers
			.computeIfAbsent(List.of("r", function, kind, outcome),
					(key) -> Timer.builder("inngest.requests")
						.description("Inngest requests served")
						.tag("function", function)
						.tag("kind", kind)
						.tag("outcome", outcome)
						.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	void step(String function, String step, String outcome, long nanos) {
		String folded = fold(step);
		this.timers
			.computeIfAbsent(List.of("s", function, folded, outcome),
					(key) -> Timer.builder("inngest.steps")
						.description("Inngest step bodies executed")
						.tag("function", function)
						.tag("step", folded)
						.tag("outcome", outcome)
						.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	static String fold(String stepId) {
		String folded = UUID.matcher(stepId).replaceAll("{id}");
		folded = HEX.matcher(folded).replaceAll("{id}");
		folded = NUMBER.matcher(folded).replaceAll("{n}");
		return (folded.length() > 64) ? folded.substring(0, 64) : folded;
	}

}
