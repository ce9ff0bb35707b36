package com.clipworker.ai;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Builds the ai capability from property maps, as Spring would bind them. */
final class TestAi {

	static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private TestAi() {
	}

	static AiProperties properties(Map<String, String> values) {
		Map<String, String> prefixed = new LinkedHashMap<>();
		values.forEach((name, value) -> prefixed.put("clipworker.ai." + name, value));
		return new Binder(new MapConfigurationPropertySource(prefixed)).bindOrCreate("clipworker.ai",
				AiProperties.class);
	}

	static AiProviders providers(Map<String, String> values) {
		AiProperties properties = properties(values);
		HttpClient client = AiProviders.httpClient(properties);
		return new AiProviders(properties, client, AiProviders.jsonMapper(), Clock.fixed(NOW, ZoneOffset.UTC));
	}

}
