package com.clipworker.inngest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Builds requests the way the Inngest executor does (canonical JSON bodies). */
final class TestRequests {

	static final String URL = "http://127.0.0.1:3001/api/inngest";

	private TestRequests() {
	}

	static ObjectNode event(String name, String dataJson) {
		ObjectNode event = JsonNodeFactory.instance.objectNode();
		event.set("data", InngestJson.mapper().readTree(dataJson));
		event.put("id", "01J00000000000000000000000");
		event.put("name", name);
		event.put("ts", 1755800000000L);
		event.putObject("user");
		return event;
	}

	/** An execution body: the event, memoized steps and context. */
	static byte[] body(ObjectNode event, Map<String, @Nullable JsonNode> steps, List<String> stack, int attempt,
			boolean disableImmediate) {
		ObjectNode root = JsonNodeFactory.instance.objectNode();
		ObjectNode ctx = root.putObject("ctx");
		ctx.put("attempt", attempt);
		ctx.put("disable_immediate_execution", disableImmediate);
		ctx.put("env", "");
		ctx.put("fn_id", "6f1c4b4e-0000-0000-0000-000000000000");
		ctx.put("max_attempts", 5);
		ctx.put("qi_id", "qi");
		ctx.put("run_id", "01JRUN0000000000000000000");
		ObjectNode stackNode = ctx.putObject("stack");
		stackNode.put("current", stack.size());
		ArrayNode ids = stackNode.putArray("stack");
		stack.forEach(ids::add);
		ctx.put("step_id", "step");
		ctx.put("use_api", false);
		root.putObject("defers");
		root.set("event", event);
		root.putArray("events").add(event);
		ObjectNode stepsNode = root.putObject("steps");
		steps.forEach((id, value) -> stepsNode.set(id, (value != null) ? value : JsonNodeFactory.instance.nullNode()));
		root.put("use_api", false);
		root.put("version", stack.isEmpty() ? -1 : 2);
		return InngestJson.mapper().writeValueAsBytes(root);
	}

	static JsonNode json(String json) {
		return InngestJson.mapper().readTree(json);
	}

	static Request post(String fnId, @Nullable String stepId, byte[] body) {
		Request request = new Request("POST", body);
		request.query.put("fnId", fnId);
		if (stepId != null) {
			request.query.put("stepId", stepId);
		}
		return request;
	}

	/** A request with mutable headers and query. */
	static final class Request implements InngestRequest {

		final String method;

		final byte[] body;

		final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

		final Map<String, String> query = new LinkedHashMap<>();

		boolean chunked;

		Request(String method, byte[] body) {
			this.method = method;
			this.body = body;
		}

		Request header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		Request signed(String key, long timestamp) {
			return header("X-Inngest-Signature", Signatures.sign(key, this.body, timestamp));
		}

		Request chunked() {
			this.chunked = true;
			return this;
		}

		@Override
		public String method() {
			return this.method;
		}

		@Override
		public String url() {
			return URL;
		}

		@Override
		public @Nullable String header(String name) {
			return this.headers.get(name);
		}

		@Override
		public @Nullable String query(String name) {
			return this.query.get(name);
		}

		@Override
		public long contentLength() {
			return this.chunked ? -1 : this.body.length;
		}

		@Override
		public InputStream body() {
			return new ByteArrayInputStream(this.body);
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
