package com.clipworker.ai;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one request to one provider and turns every failure into the right
 * {@link AiException}: 429 and 503 into retry-after, other 5xx, timeouts and dropped
 * connections into retriable, other 4xx into non-retriable with the provider's reason.
 * Keeps the key out of every message: the provider's own error text is scrubbed of it
 * (and of anything shaped like a key) before it is used.
 */
final class ProviderHttp {

	private static final Pattern KEY_LIKE = Pattern.compile("(sk-|gsk_|AIza)[A-Za-z0-9_\\-*.]{4,}");

	private static final int MAX_REASON = 300;

	private final String provider;

	private final @Nullable String secret;

	private final HttpClient client;

	private final JsonMapper json;

	private final Clock clock;

	ProviderHttp(String provider, @Nullable String secret, HttpClient client, JsonMapper json, Clock clock) {
		this.provider = provider;
		this.secret = secret;
		this.client = client;
		this.json = json;
		this.clock = clock;
	}

	String provider() {
		return this.provider;
	}

	JsonMapper json() {
		return this.json;
	}

	/**
	 * Sends a request and returns the response of a 2xx.
	 * @param request the request, with its timeout set
	 * @param onStatus a chance to map a status before the generic mapping (413 for audio,
	 * 400 {@code json_validate_failed} for chat); returns normally to decline
	 * @return the 2xx response
	 */
	HttpResponse<String> send(HttpRequest request, StatusHook onStatus) {
		HttpResponse<String> response;
		try {
			response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpTimeoutException ex) {
			throw new ProviderUnavailableException(this.provider,
					"no answer within " + request.timeout().map(Duration::toSeconds).orElse(0L) + "s", null, ex);
		}
		catch (ConnectException ex) {
			throw new ProviderUnavailableException(this.provider, "cannot connect", null, ex);
		}
		catch (IOException ex) {
			throw new ProviderUnavailableException(this.provider,
					"connection failed (" + ex.getClass().getSimpleName() + ")", null, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ProviderUnavailableException(this.provider, "interrupted while waiting for the answer", null, ex);
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return response;
		}
		onStatus.check(status, response.body());
		String reason = reason(response.body());
		if (status == 429 || status == 503) {
			throw new ProviderUnavailableException(this.provider,
					((status == 429) ? "rate limited" : "overloaded") + " (HTTP " + status + "): " + reason,
					retryAfter(response).orElse(null), null);
		}
		if (status >= 500 || status == 408 || status == 409 || status == 422 || status == 425 || status == 498
				|| status == 499) {
			throw new ProviderUnavailableException(this.provider, "HTTP " + status + ": " + reason, null, null);
		}
		throw new ProviderRejectedException(this.provider, status, reason);
	}

	/** The provider's error message from an error body, scrubbed and shortened. */
	String reason(@Nullable String body) {
		if (body == null || body.isBlank()) {
			return "no error message";
		}
		String reason = body.strip();
		try {
			JsonNode root = this.json.readTree(body);
			JsonNode error = root.path("error");
			if (error.isString()) {
				reason = error.asString();
			}
			else if (error.isObject()) {
				String message = error.path("message").asString("");
				String code = firstText(error, "status", "code", "type");
				reason = (message.isBlank() ? "no error message" : message) + ((code != null) ? " [" + code + "]" : "");
			}
		}
		catch (JacksonException ex) {
			// not JSON: keep the raw text, scrubbed below
		}
		return scrub(reason);
	}

	String scrub(String text) {
		String scrubbed = text;
		if (this.secret != null && !this.secret.isBlank()) {
			scrubbed = scrubbed.replace(this.secret, "[redacted]");
		}
		scrubbed = KEY_LIKE.matcher(scrubbed).replaceAll("[redacted]").replaceAll("\\s+", " ");
		return (scrubbed.length() > MAX_REASON) ? scrubbed.substring(0, MAX_REASON) + "..." : scrubbed;
	}

	private static @Nullable String firstText(JsonNode node, String... names) {
		for (String name : names) {
			JsonNode value = node.path(name);
			if ((value.isString() || value.isNumber()) && !value.asString().isBlank()) {
				return value.asString();
			}
		}
		return null;
	}

	/** {@code Retry-After} as seconds (possibly fractional) or an HTTP date. */
	Optional<Duration> retryAfter(HttpResponse<?> response) {
		Optional<String> header = response.headers().firstValue("retry-after");
		if (header.isEmpty()) {
			return Optional.empty();
		}
		String value = header.get().trim();
		try {
			double seconds = Double.parseDouble(value);
			if (seconds >= 0 && Double.isFinite(seconds)) {
				return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
			}
		}
		catch (NumberFormatException ex) {
			// not a number of seconds: try an HTTP date
		}
		try {
			ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
			Duration wait = Duration.between(this.clock.instant(), at.toInstant());
			return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	/** Parses a 2xx body, a garbled one being the provider's fault (retriable). */
	JsonNode parse(HttpResponse<String> response) {
		try {
			JsonNode root = this.json.readTree(response.body());
			if (root == null || !root.isObject()) {
				throw new ProviderUnavailableException(this.provider, "answered with a body that is not a JSON object",
						null, null);
			}
			return root;
		}
		catch (JacksonException ex) {
			throw new ProviderUnavailableException(this.provider, "answered with malformed JSON", null, ex);
		}
	}

	/** Maps a status before the generic mapping, or returns to decline. */
	@FunctionalInterface
	interface StatusHook {

		StatusHook NONE = (status, body) -> {
		};

		void check(int status, @Nullable String body);

	}

}
