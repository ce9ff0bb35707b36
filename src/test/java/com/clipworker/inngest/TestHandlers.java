package com.clipworker.inngest;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Handlers for tests, wired as the auto-configuration wires them. */
final class TestHandlers {

	static final long NOW = 1705586504L;

	static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

	private TestHandlers() {
	}

	static InngestHandler handler(InngestProperties properties, List<InngestFunction> functions) {
		return handler(properties, functions, List.of(), new SimpleMeterRegistry());
	}

	static InngestHandler handler(InngestProperties properties, List<InngestFunction> functions,
			List<StepMiddleware> middleware, SimpleMeterRegistry meters) {
		HttpClient client = HttpClient.newHttpClient();
		return new InngestHandler(properties, new FunctionRegistry(properties.appId(), functions),
				new InngestApi(properties, client), new InngestEvents(properties, client, CLOCK), middleware,
				new InngestMetrics(meters), CLOCK);
	}

	static InngestProperties dev() {
		return InngestProperties.of("app", null, true);
	}

	static InngestProperties cloud() {
		return InngestProperties.of("app", SignaturesTests.KEY, false);
	}

}
