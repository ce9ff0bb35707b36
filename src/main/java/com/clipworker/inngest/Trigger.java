package com.clipworker.inngest;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What starts a function: an event (with an optional expression that must hold), or a
 * cron schedule (with optional jitter).
 *
 * @param event the event name, or {@code null} for a cron trigger
 * @param expression the expression the event must satisfy, or {@code null}
 * @param cron the cron schedule, or {@code null} for an event trigger
 * @param jitter random delay of up to this long for a cron trigger, or {@code null}
 */
public record Trigger(@Nullable String event, @Nullable String expression, @Nullable String cron,
		@Nullable Duration jitter) {

	public static Trigger event(String name) {
		return new Trigger(name, null, null, null);
	}

	public static Trigger event(String name, String expression) {
		return new Trigger(name, expression, null, null);
	}

	public static Trigger cron(String schedule) {
		return new Trigger(null, null, schedule, null);
	}

	public static Trigger cron(String schedule, Duration jitter) {
		return new Trigger(null, null, schedule, jitter);
	}

}
