package com.clipworker.local.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A function as the registration describes it: what the harness needs to trigger, call,
 * retry, limit and cancel it.
 *
 * @param id the composite id
 * @param url the runtime URL (with {@code fnId} and {@code stepId=step})
 * @param triggers event triggers
 * @param retries retries after the first attempt
 * @param concurrency function-scoped limits (with or without a key)
 * @param cancel cancellation events
 */
record FunctionConfig(String id, String url, List<Trigger> triggers, int retries, List<Limit> concurrency,
		List<Cancel> cancel) {

	static FunctionConfig parse(JsonNode fn) {
		String id = fn.path("id").asString();
		JsonNode step = fn.path("steps").path("step");
		String url = step.path("runtime").path("url").asString();
		int retries = step.path("retries").path("attempts").asInt(fn.path("retries").asInt(4));
		List<Trigger> triggers = new ArrayList<>();
		for (JsonNode trigger : fn.path("triggers")) {
			if (trigger.hasNonNull("event")) {
				triggers.add(new Trigger(trigger.get("event").asString(),
						trigger.hasNonNull("expression") ? trigger.get("expression").asString() : null));
			}
		}
		List<Limit> concurrency = new ArrayList<>();
		JsonNode limits = fn.path("concurrency");
		for (JsonNode limit : limits.isNumber() ? List.of(limits) : limits) {
			if (limit.isNumber()) {
				concurrency.add(new Limit(limit.asInt(), null));
			}
			else if (limit.path("scope").asString("fn").equals("fn") && limit.path("limit").asInt(0) > 0) {
				concurrency.add(new Limit(limit.path("limit").asInt(),
						limit.hasNonNull("key") ? limit.get("key").asString() : null));
			}
		}
		List<Cancel> cancel = new ArrayList<>();
		for (JsonNode c : fn.path("cancel")) {
			cancel.add(new Cancel(c.path("event").asString(), c.hasNonNull("if") ? c.get("if").asString() : null));
		}
		return new FunctionConfig(id, url, List.copyOf(triggers), retries, List.copyOf(concurrency),
				List.copyOf(cancel));
	}

	int maxAttempts() {
		return this.retries + 1;
	}

	boolean triggeredBy(String name, JsonNode event) {
		for (Trigger trigger : this.triggers) {
			boolean named = trigger.event().equals(name) || (trigger.event().endsWith("*")
					&& name.startsWith(trigger.event().substring(0, trigger.event().length() - 1)));
			if (named && Expressions.matches(trigger.expression(), event, null)) {
				return true;
			}
		}
		return false;
	}

	String url(String stepId) {
		return this.url.replace("stepId=step", "stepId=" + stepId);
	}

	/**
	 * The semaphores a request of a run must hold, in a fixed order: one per limit, per
	 * value of its key (a path such as {@code event.data.ownerId}) when it has one.
	 */
	List<Semaphore> limits(Map<String, Semaphore> limits, JsonNode event) {
		List<Semaphore> held = new ArrayList<>();
		for (int i = 0; i < this.concurrency.size(); i++) {
			Limit limit = this.concurrency.get(i);
			String value = (limit.key() != null) ? Expressions.value(limit.key(), event).toString() : "";
			held.add(limits.computeIfAbsent(this.id + "#" + i + "#" + value,
					(key) -> new Semaphore(limit.limit(), true)));
		}
		return held;
	}

	record Limit(int limit, @Nullable String key) {
	}

	record Trigger(String event, @Nullable String expression) {
	}

	record Cancel(String event, @Nullable String condition) {
	}

}
