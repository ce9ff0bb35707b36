package com.clipworker.inngest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.clipworker.inngest.conformance.ConformanceFunctions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static com.clipworker.inngest.TestRequests.body;
import static com.clipworker.inngest.TestRequests.event;
import static com.clipworker.inngest.TestRequests.json;
import static com.clipworker.inngest.TestRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exchanges of the conformance cases (basic invoke, serial steps with a sleep, retry,
 * cancel, waitForEvent) request by request, with the bytes the runner compares.
 */
class ConformanceBehaviourTests {

	static final String FIRST = "98bf98df193bcce7c33e6bc50927cf2ac21206cb";

	static final String SLEEP = "c3ca5f787365eae0dea86250e27d476406956478";

	static final String SECOND = "764e20ec975d4ef820d0f42e6a5833384bd7ee36";

	static final String WAIT = "daaad336276d15594d0e765f96c17cd746bf4971";

	private final InngestHandler handler = TestHandlers.handler(TestHandlers.dev(), new ConformanceFunctions().all());

	private InngestResponse call(String fn, ObjectNode event, Map<String, @Nullable JsonNode> steps, List<String> stack,
			int attempt) {
		return this.handler.handle(post("app-" + fn, "step", body(event, steps, stack, attempt, false)));
	}

	@Test
	void basicInvokeReturnsTheResult() {
		InngestResponse response = call("test-suite-simple-fn", event("tests/function.test", "{\"test\":true}"),
				Map.of(), List.of(), 0);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("{\"body\":\"ok\",\"name\":\"tests/function.test\"}");
		assertThat(response.headers()).containsEntry("X-Inngest-SDK", "clipworker-java:v0.1.0")
			.containsEntry("X-Inngest-Req-Version", "2")
			.containsEntry("Content-Type", "application/json")
			.doesNotContainKey("X-Inngest-No-Retry");
	}

	@Test
	void serialStepsExchangeMatchesTheRunnerByteForByte() {
		ObjectNode event = event("tests/step.test", "{\"steps\":{\"ok\":\"yes\"}}");
		Map<String, @Nullable JsonNode> steps = new LinkedHashMap<>();
		InngestResponse first = call("test-suite-step-test", event, steps, List.of(), 0);
		assertThat(first.status()).isEqualTo(206);
		assertThat(first.bodyText()).isEqualTo("[{\"data\":\"first step\",\"displayName\":\"first step\",\"id\":\""
				+ FIRST + "\",\"name\":\"first step\",\"op\":\"StepRun\",\"userland\":{\"id\":\"first step\"}}]");

		steps.put(FIRST, json("{\"data\":\"first step\"}"));
		InngestResponse second = call("test-suite-step-test", event, steps, List.of(FIRST), 0);
		assertThat(second.status()).isEqualTo(206);
		assertThat(second.bodyText()).isEqualTo("[{\"data\":null,\"displayName\":\"sleep\",\"id\":\"" + SLEEP
				+ "\",\"name\":\"sleep\",\"op\":\"Sleep\",\"opts\":{\"duration\":\"2s\"},\"userland\":{\"id\":\"sleep\"}}]");

		steps.put(SLEEP, null);
		InngestResponse third = call("test-suite-step-test", event, steps, List.of(FIRST, SLEEP), 0);
		assertThat(third.status()).isEqualTo(206);
		assertThat(third.bodyText()).isEqualTo("[{\"data\":{\"first\":\"first step\",\"second\":true},"
				+ "\"displayName\":\"second step\",\"id\":\"" + SECOND
				+ "\",\"name\":\"second step\",\"op\":\"StepRun\",\"userland\":{\"id\":\"second step\"}}]");

		steps.put(SECOND, json("{\"data\":{\"first\":\"first step\",\"second\":true}}"));
		InngestResponse fourth = call("test-suite-step-test", event, steps, List.of(FIRST, SLEEP, SECOND), 0);
		assertThat(fourth.status()).isEqualTo(200);
		assertThat(fourth.bodyText()).isEqualTo("{\"body\":\"ok\",\"name\":\"tests/step.test\"}");
	}

	@Test
	void retryCaseFailsTheStepThenTheBodyOnceEach() {
		ObjectNode event = event("tests/retry.test", "{\"steps\":{\"ok\":\"yes\"}}");
		InngestResponse stepError = call("test-suite-retry-test", event, Map.of(), List.of(), 0);
		assertThat(stepError.status()).isEqualTo(206);
		assertThat(stepError.headers()).containsEntry("X-Inngest-No-Retry", "false");
		JsonNode op = json(stepError.bodyText()).get(0);
		assertThat(op.get("op").asString()).isEqualTo("StepError");
		assertThat(op.get("id").asString()).isEqualTo(FIRST);
		assertThat(op.get("name").asString()).isEqualTo("first step");
		assertThat(op.get("data").isNull()).isTrue();
		assertThat(op.get("error").get("message").asString()).isEqualTo("broken");
		assertThat(op.get("error").get("name").asString()).isEqualTo("Error");

		InngestResponse stepRun = call("test-suite-retry-test", event, Map.of(), List.of(), 1);
		assertThat(stepRun.bodyText()).isEqualTo("[{\"data\":\"yes: 2\",\"displayName\":\"first step\",\"id\":\""
				+ FIRST + "\",\"name\":\"first step\",\"op\":\"StepRun\",\"userland\":{\"id\":\"first step\"}}]");

		Map<String, @Nullable JsonNode> steps = Map.of(FIRST, json("{\"data\":\"yes: 2\"}"));
		InngestResponse bodyError = call("test-suite-retry-test", event, steps, List.of(FIRST), 0);
		assertThat(bodyError.status()).isEqualTo(500);
		assertThat(bodyError.headers()).containsEntry("X-Inngest-No-Retry", "false");
		JsonNode error = json(bodyError.bodyText());
		assertThat(error.get("name").asString()).isEqualTo("Error");
		assertThat(error.get("message").asString()).isEqualTo("broken func");

		InngestResponse done = call("test-suite-retry-test", event, steps, List.of(FIRST), 1);
		assertThat(done.status()).isEqualTo(200);
		assertThat(done.bodyText()).isEqualTo("{\"body\":\"ok\",\"name\":\"tests/retry.test\"}");
	}

	@Test
	void cancelCaseSleepsTenSeconds() {
		ObjectNode event = event("tests/cancel.test", "{\"request_id\":\"123\"}");
		InngestResponse response = call("test-suite-cancel-test", event, Map.of(), List.of(), 0);
		assertThat(response.status()).isEqualTo(206);
		assertThat(response.bodyText()).isEqualTo("[{\"data\":null,\"displayName\":\"sleep\",\"id\":\"" + SLEEP
				+ "\",\"name\":\"sleep\",\"op\":\"Sleep\",\"opts\":{\"duration\":\"10s\"},\"userland\":{\"id\":\"sleep\"}}]");
	}

	@Test
	void waitForEventReportsTheWaitThenReturnsTheEventData() {
		ObjectNode event = event("tests/wait.test", "{\"id\":\"w1\"}");
		InngestResponse wait = call("test-suite-wait-for-event", event, Map.of(), List.of(), 0);
		assertThat(wait.status()).isEqualTo(206);
		assertThat(wait.bodyText()).isEqualTo("[{\"data\":null,\"displayName\":\"wait\",\"id\":\"" + WAIT
				+ "\",\"name\":\"wait\",\"op\":\"WaitForEvent\",\"opts\":{\"event\":\"test/resume\","
				+ "\"if\":\"async.data.resume == true && async.data.id == event.data.id\",\"timeout\":\"10s\"},"
				+ "\"userland\":{\"id\":\"wait\"}}]");

		ObjectNode resume = event("test/resume", "{\"id\":\"w1\",\"resume\":true}");
		InngestResponse resumed = call("test-suite-wait-for-event", event, Map.of(WAIT, resume), List.of(WAIT), 0);
		assertThat(resumed.status()).isEqualTo(200);
		assertThat(resumed.bodyText()).isEqualTo("{\"result\":{\"id\":\"w1\",\"resume\":true}}");

		Map<String, @Nullable JsonNode> timedOut = new LinkedHashMap<>();
		timedOut.put(WAIT, null);
		InngestResponse empty = call("test-suite-wait-for-event", event, timedOut, List.of(WAIT), 0);
		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.bodyText()).isEqualTo("{}");
	}

	@Test
	void replayingAnyPrefixOfARecordedExchangeYieldsTheSameOps() {
		ObjectNode event = event("tests/step.test", "{\"steps\":{\"ok\":\"yes\"}}");
		List<String> order = List.of(FIRST, SLEEP, SECOND);
		Map<String, @Nullable JsonNode> memo = new LinkedHashMap<>();
		memo.put(FIRST, json("{\"data\":\"first step\"}"));
		memo.put(SLEEP, null);
		memo.put(SECOND, json("{\"data\":{\"first\":\"first step\",\"second\":true}}"));
		String[] recorded = new String[order.size() + 1];
		for (int prefix = 0; prefix <= order.size(); prefix++) {
			Map<String, @Nullable JsonNode> steps = new LinkedHashMap<>();
			order.subList(0, prefix).forEach((id) -> steps.put(id, memo.get(id)));
			recorded[prefix] = call("test-suite-step-test", event, steps, order.subList(0, prefix), 0).bodyText();
		}
		for (int round = 0; round < 3; round++) {
			for (int prefix = order.size(); prefix >= 0; prefix--) {
				Map<String, @Nullable JsonNode> steps = new LinkedHashMap<>();
				List<String> ids = new java.util.ArrayList<>(order.subList(0, prefix));
				java.util.Collections.reverse(ids);
				ids.forEach((id) -> steps.put(id, memo.get(id)));
				assertThat(call("test-suite-step-test", event, steps, order.subList(0, prefix), 0).bodyText())
					.isEqualTo(recorded[prefix]);
			}
		}
		assertThat(recorded).doesNotHaveDuplicates();
	}

}
