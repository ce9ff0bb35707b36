package com.clipworker.inngest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.clipworker.inngest.conformance.ConformanceFunctions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static com.clipworker.inngest.TestRequests.body;
import static com.clipworker.inngest.TestRequests.event;
import static com.clipworker.inngest.TestRequests.json;
import static com.clipworker.inngest.TestRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay is deterministic: record a whole exchange, then replay every prefix of its
 * memoized state (in random key orders, many times) and get the same answer byte for
 * byte.
 */
class ReplayPropertyTests {

	private static final int ROUNDS = 25;

	private static List<InngestFunction> functions() {
		ConformanceFunctions conformance = new ConformanceFunctions();
		InngestFunction mixed = InngestFunction.builder("mixed").handler((ctx, step) -> {
			List<StepCall<String>> calls = new ArrayList<>();
			for (String id : List.of("c", "a", "b")) {
				calls.add(StepCall.of("part-" + id, () -> id.toUpperCase()));
			}
			List<@Nullable String> parts = step.parallel(String.class, calls);
			step.sleep("pause", Duration.ofMinutes(5));
			String again = step.run("part-a", String.class, () -> "repeat");
			step.waitForEvent("approval", "x/approved", Duration.ofHours(1), null);
			return Map.of("parts", parts, "again", again);
		});
		return List.of(conformance.simple(), conformance.steps(), conformance.cancel(), conformance.waitForEvent(),
				mixed);
	}

	/** One recorded request: the memo state it carried, its target and the answer. */
	record Exchange(Map<String, @Nullable JsonNode> steps, @Nullable String target, String answer) {
	}

	private static InngestResponse call(InngestHandler handler, InngestFunction function, ObjectNode event,
			Map<String, @Nullable JsonNode> steps, @Nullable String target, boolean plan) {
		return handler.handle(post("app-" + function.id(), (target != null) ? target : "step",
				body(event, steps, new ArrayList<>(steps.keySet()), 0, plan)));
	}

	/**
	 * Drives a function to completion the way the executor would, recording each request.
	 */
	private static List<Exchange> record(InngestHandler handler, InngestFunction function, ObjectNode event) {
		List<Exchange> exchanges = new ArrayList<>();
		Map<String, @Nullable JsonNode> steps = new LinkedHashMap<>();
		for (int guard = 0; guard < 50; guard++) {
			InngestResponse response = call(handler, function, event, steps, null, false);
			exchanges.add(new Exchange(new LinkedHashMap<>(steps), null, response.bodyText()));
			if (response.status() == 200) {
				return exchanges;
			}
			assertThat(response.status()).isEqualTo(206);
			for (JsonNode op : json(response.bodyText())) {
				String id = op.get("id").asString();
				switch (op.get("op").asString()) {
					case "StepRun" -> steps.put(id, JsonNodeFactory.instance.objectNode().set("data", op.get("data")));
					case "StepPlanned" -> {
						InngestResponse ran = call(handler, function, event, steps, id, true);
						exchanges.add(new Exchange(new LinkedHashMap<>(steps), id, ran.bodyText()));
						steps.put(id, JsonNodeFactory.instance.objectNode()
							.set("data", json(ran.bodyText()).get(0).get("data")));
					}
					default -> steps.put(id, null);
				}
			}
		}
		throw new AssertionError("no completion within 50 requests");
	}

	@Test
	void everyPrefixReplaysToTheSameAnswer() {
		Random random = new Random(20261128L);
		for (InngestFunction function : functions()) {
			InngestHandler handler = TestHandlers.handler(TestHandlers.dev(), List.of(function));
			ObjectNode event = event("tests/any", "{\"id\":\"x\",\"request_id\":\"1\"}");
			List<Exchange> exchanges = record(handler, function, event);
			assertThat(exchanges).as(function.id())
				.hasSizeGreaterThan(function.id().equals("test-suite-simple-fn") ? 0 : 1);
			for (int round = 0; round < ROUNDS; round++) {
				for (Exchange exchange : exchanges) {
					List<String> keys = new ArrayList<>(exchange.steps().keySet());
					Collections.shuffle(keys, random);
					Map<String, @Nullable JsonNode> shuffled = new LinkedHashMap<>();
					keys.forEach((key) -> shuffled.put(key, exchange.steps().get(key)));
					InngestResponse replay = call(handler, function, event, shuffled, exchange.target(),
							exchange.target() != null);
					assertThat(replay.bodyText()).as("%s replaying %s", function.id(), keys)
						.isEqualTo(exchange.answer());
				}
			}
		}
	}

}
