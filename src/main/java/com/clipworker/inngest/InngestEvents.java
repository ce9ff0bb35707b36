package com.clipworker.inngest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The events client: {@code POST {eventApi}/e/{eventKey}} with one or many events. A send
 * is retried on transport errors and 5xx answers with the same
 * {@code x-inngest-event-id-seed}, so the server gives a retried send the same ids
 * instead of duplicating it.
 */
public final class InngestEvents {

	/** Most events in one send. */
	public static final int MAX_EVENTS = 5000;

	private static final SecureRandom random = new SecureRandom();

	private final InngestProperties properties;

	private final HttpClient client;

	private final Clock clock;

	public InngestEvents(InngestProperties properties, HttpClient client, Clock clock) {
		this.properties = properties;
		this.client = client;
		this.clock = clock;
	}

	/** Sends events. */
	public SendEventsResult send(Event... events) {
		return send(List.of(events));
	}

	/**
	 * Sends events.
	 * @return the ids the server gave them, in order
	 * @throws InngestApiException when the server refused them or stayed unreachable
	 * @throws IllegalArgumentException for none or too many events
	 */
	public SendEventsResult send(List<Event> events) {
		if (events.isEmpty() || events.size() > MAX_EVENTS) {
			throw new IllegalArgumentException("Send 1 to " + MAX_EVENTS + " events, not " + events.size());
		}
		String key = key();
		String origin = this.properties.eventApiOrigin().toString();
		String base = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
		URI uri = URI.create(base + "/e/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
		// The key is part of the path: messages name this URI instead, so it never
		// reaches a log or a step error.
		URI shown = URI.create(base + "/e/****");
		byte[] body = InngestJson.mapper().writeValueAsBytes(events);
		String seed = seed();
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.timeout(this.properties.apiTimeout())
			.header("Content-Type", "application/json")
			.header("X-Inngest-SDK", Registration.SDK)
			.header("User-Agent", Registration.SDK)
			.header("x-inngest-event-id-seed", seed)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		if (this.properties.env() != null && !this.properties.env().isBlank()) {
			builder.header("X-Inngest-Env", this.properties.env());
		}
		HttpRequest request = builder.build();
		InngestApiException last = null;
		for (int attempt = 0; attempt < this.properties.eventSendAttempts(); attempt++) {
			if (attempt > 0) {
				backoff(attempt, shown, last);
			}
			try {
				HttpResponse<byte[]> response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
				JsonNode answer = InngestApi.json(response.body());
				if (response.statusCode() == 200 && InngestApi.message(answer).isEmpty()) {
					List<String> ids = new ArrayList<>();
					answer.path("ids").forEach((id) -> ids.add(id.asString()));
					return new SendEventsResult(List.copyOf(ids));
				}
				last = new InngestApiException("Sending events", shown, response.statusCode(),
						InngestApi.message(answer), response.statusCode() >= 500 || response.statusCode() == 429);
				if (!last.retriable()) {
					throw last;
				}
			}
			catch (IOException ex) {
				last = new InngestApiException("Sending events", shown, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new InngestApiException("Sending events", shown, ex);
			}
		}
		throw last;
	}

	private String key() {
		if (this.properties.hasEventKey()) {
			return this.properties.eventKey().trim();
		}
		if (this.properties.isDev()) {
			return "NO_EVENT_KEY_SET";
		}
		throw new InngestConfigurationException(
				"Sending events in cloud mode needs INNGEST_EVENT_KEY (inngest.event-key)");
	}

	private String seed() {
		byte[] entropy = new byte[10];
		random.nextBytes(entropy);
		return this.clock.millis() + "," + Base64.getEncoder().encodeToString(entropy);
	}

	private static void backoff(int attempt, URI uri, InngestApiException last) {
		long millis = Duration.ofMillis(100).toMillis() << Math.min(attempt - 1, 6);
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InngestApiException("Sending events", uri, last);
		}
	}

}
