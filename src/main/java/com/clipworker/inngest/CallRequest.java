package com.clipworker.inngest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The parsed body of an execution request (what the executor POSTs).
 *
 * @param event the first event
 * @param events every event
 * @param steps memoized state by hashed step id (JSON {@code null} kept as a null node)
 * @param runId the run id
 * @param attempt zero-based attempt
 * @param maxAttempts attempts in all, or 0 when the executor did not say
 * @param disableImmediateExecution whether new steps must be planned rather than run
 * @param stack hashed ids in completion order
 * @param useApi whether events and steps must be fetched from the API
 */
record CallRequest(Event event, List<Event> events, Map<String, JsonNode> steps, String runId, int attempt,
		int maxAttempts, boolean disableImmediateExecution, List<String> stack, boolean useApi) {

	/**
	 * Parses a request strictly.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	static CallRequest parse(JsonNode root) {
		if (!root.isObject()) {
			throw new IllegalArgumentException("the body is not a JSON object");
		}
		JsonNode ctx = root.get("ctx");
		if (ctx == null || !ctx.isObject()) {
			throw new IllegalArgumentException("'ctx' is missing or not an object");
		}
		JsonNode eventNode = root.get("event");
		if (eventNode == null || !eventNode.isObject()) {
			throw new IllegalArgumentException("'event' is missing or not an object");
		}
		Event event = event(eventNode);
		List<Event> events = new ArrayList<>();
		JsonNode eventsNode = root.get("events");
		if (eventsNode != null && !eventsNode.isNull()) {
			if (!eventsNode.isArray()) {
				throw new IllegalArgumentException("'events' is not an array");
			}
			for (JsonNode each : eventsNode) {
				events.add(event(each));
			}
		}
		if (events.isEmpty()) {
			events.add(event);
		}
		Map<String, JsonNode> steps = steps(root.get("steps"));
		JsonNode runId = ctx.get("run_id");
		if (runId == null || !runId.isString() || runId.stringValue().isEmpty()) {
			throw new IllegalArgumentException("'ctx.run_id' is missing");
		}
		List<String> stack = new ArrayList<>();
		JsonNode stackNode = ctx.path("stack").path("stack");
		if (stackNode.isArray()) {
			for (JsonNode id : stackNode) {
				stack.add(id.asString());
			}
		}
		boolean useApi = ctx.path("use_api").asBoolean(false) || root.path("use_api").asBoolean(false);
		return new CallRequest(event, List.copyOf(events), steps, runId.stringValue(), integer(ctx, "attempt"),
				integer(ctx, "max_attempts"), ctx.path("disable_immediate_execution").asBoolean(false),
				List.copyOf(stack), useApi);
	}

	/** This request with events and steps fetched from the API. */
	CallRequest withState(List<Event> events, Map<String, JsonNode> steps) {
		Event first = events.isEmpty() ? this.event : events.get(0);
		return new CallRequest(first, events.isEmpty() ? this.events : events, steps, this.runId, this.attempt,
				this.maxAttempts, this.disableImmediateExecution, this.stack, false);
	}

	static Map<String, JsonNode> steps(JsonNode stepsNode) {
		if (stepsNode == null || stepsNode.isNull()) {
			return Map.of();
		}
		if (!stepsNode.isObject()) {
			throw new IllegalArgumentException("'steps' is not an object");
		}
		Map<String, JsonNode> steps = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : stepsNode.properties()) {
			steps.put(entry.getKey(), entry.getValue());
		}
		return Collections.unmodifiableMap(steps);
	}

	static Event event(JsonNode node) {
		if (!node.isObject() || !node.path("name").isString()) {
			throw new IllegalArgumentException("an event is not an object with a name");
		}
		try {
			return InngestJson.mapper().treeToValue(node, Event.class);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("an event is malformed: " + ex.getMessage());
		}
	}

	private static int integer(JsonNode ctx, String name) {
		JsonNode value = ctx.get(name);
		if (value == null || value.isNull()) {
			return 0;
		}
		if (!value.canConvertToInt() || value.asInt() < 0) {
			throw new IllegalArgumentException("'ctx." + name + "' is not a non-negative integer");
		}
		return value.asInt();
	}

}
