package com.clipworker.inngest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The registration payload ({@code POST /fn/register}, in-band sync answer). */
final class Registration {

	static final String SDK_NAME = "clipworker-java";

	static final String SDK_VERSION = "0.1.0";

	static final String SDK = SDK_NAME + ":v" + SDK_VERSION;

	static final String FRAMEWORK = "springboot";

	private Registration() {
	}

	static ObjectNode capabilities() {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("in_band_sync", "v1");
		node.put("trust_probe", "v1");
		return node;
	}

	/** The out-of-band payload for the app served at a URL. */
	static ObjectNode payload(InngestProperties properties, FunctionRegistry registry, String url) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("url", url);
		node.put("v", "0.1");
		node.put("deployType", "ping");
		node.put("sdk", SDK);
		node.put("framework", FRAMEWORK);
		node.put("appName", properties.appId());
		node.set("capabilities", capabilities());
		node.set("functions", functions(registry, url));
		ObjectNode headers = node.putObject("headers");
		headers.put("env", (properties.env() != null) ? properties.env() : "");
		headers.put("platform", "");
		return node;
	}

	static ArrayNode functions(FunctionRegistry registry, String url) {
		ArrayNode functions = JsonNodeFactory.instance.arrayNode();
		for (FunctionRegistry.Registered registered : registry.all()) {
			functions.add(function(registered, url));
		}
		return functions;
	}

	static ObjectNode function(FunctionRegistry.Registered registered, String url) {
		InngestFunction fn = registered.function();
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("id", registered.compositeId());
		node.put("name", fn.name());
		ArrayNode triggers = node.putArray("triggers");
		for (Trigger trigger : fn.triggers()) {
			ObjectNode t = triggers.addObject();
			if (trigger.event() != null) {
				t.put("event", trigger.event());
				putIf(t, "expression", trigger.expression());
			}
			else {
				t.put("cron", trigger.cron());
				if (trigger.jitter() != null) {
					t.put("jitter", Durations.format(trigger.jitter()));
				}
			}
		}
		ObjectNode step = node.putObject("steps").putObject("step");
		step.put("id", "step");
		step.put("name", "step");
		ObjectNode runtime = step.putObject("runtime");
		runtime.put("type", "http");
		runtime.put("url", url + (url.contains("?") ? "&" : "?") + "fnId="
				+ URLEncoder.encode(registered.compositeId(), StandardCharsets.UTF_8) + "&stepId=step");
		if (fn.retries() != null) {
			step.putObject("retries").put("attempts", fn.retries());
		}
		if (!fn.concurrency().isEmpty()) {
			ArrayNode concurrency = node.putArray("concurrency");
			for (InngestFunction.Concurrency limit : fn.concurrency()) {
				ObjectNode c = concurrency.addObject();
				c.put("limit", limit.limit());
				putIf(c, "key", limit.key());
				c.put("scope", limit.scope().wire());
			}
		}
		if (fn.throttle() != null) {
			ObjectNode t = node.putObject("throttle");
			t.put("limit", fn.throttle().limit());
			t.put("period", Durations.format(fn.throttle().period()));
			if (fn.throttle().burst() != null) {
				t.put("burst", fn.throttle().burst());
			}
			putIf(t, "key", fn.throttle().key());
		}
		if (fn.rateLimit() != null) {
			ObjectNode r = node.putObject("rateLimit");
			r.put("limit", fn.rateLimit().limit());
			r.put("period", Durations.format(fn.rateLimit().period()));
			putIf(r, "key", fn.rateLimit().key());
		}
		if (fn.debounce() != null) {
			ObjectNode d = node.putObject("debounce");
			d.put("period", Durations.format(fn.debounce().period()));
			putIf(d, "key", fn.debounce().key());
			if (fn.debounce().timeout() != null) {
				d.put("timeout", Durations.format(fn.debounce().timeout()));
			}
		}
		putIf(node, "idempotency", fn.idempotency());
		if (fn.priority() != null) {
			node.putObject("priority").put("run", fn.priority());
		}
		if (fn.batchEvents() != null) {
			ObjectNode b = node.putObject("batchEvents");
			b.put("maxSize", fn.batchEvents().maxSize());
			b.put("timeout", Durations.format(fn.batchEvents().timeout()));
			putIf(b, "key", fn.batchEvents().key());
			putIf(b, "if", fn.batchEvents().condition());
		}
		if (!fn.cancel().isEmpty()) {
			ArrayNode cancel = node.putArray("cancel");
			for (InngestFunction.Cancel c : fn.cancel()) {
				ObjectNode each = cancel.addObject();
				each.put("event", c.event());
				putIf(each, "if", c.condition());
				if (c.timeout() != null) {
					each.put("timeout", Durations.format(c.timeout()));
				}
			}
		}
		if (fn.timeouts() != null) {
			ObjectNode t = node.putObject("timeouts");
			if (fn.timeouts().start() != null) {
				t.put("start", Durations.format(fn.timeouts().start()));
			}
			if (fn.timeouts().finish() != null) {
				t.put("finish", Durations.format(fn.timeouts().finish()));
			}
		}
		if (fn.singleton() != null) {
			ObjectNode s = node.putObject("singleton");
			s.put("key", fn.singleton().key());
			s.put("mode", fn.singleton().mode().wire());
		}
		return node;
	}

	private static void putIf(ObjectNode node, String name, @Nullable String value) {
		if (value != null) {
			node.put(name, value);
		}
	}

}
