package com.clipworker.ai;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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
 * The one way the provider clients talk HTTP: builds the request (the key in its header,
 * the timeout, {@code Accept: application/json}), reads at most
 * {@link #MAX_RESPONSE_BYTES} of the answer, and turns every failure into the right
 * {@link AiException}: 429 and 503 into retry-after, other 5xx, timeouts, dropped
 * connections and garbled or oversized answers into retriable, other 4xx into
 * non-retriable with the provider's reason. Keeps the key out of every message: the
 * provider's own error text is scrubbed of it (and of anything shaped like a key) before
 * it is used.
 */
final class ProviderHttp {

	/** The largest answer read; a 2xx over it is the provider's fault (retriable). */
	static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

	private static final Pattern KEY_LIKE = Pattern.compile("(sk-|gsk_|AIza)[A-Za-z0-9_\\-*.]{4,}");

	private static final int MAX_REASON = 300;

	private final String provider;

	private final String baseUrl;

	private final KeyHeader keyHeader;

	private final String apiKey;

	private final Duration timeout;

	private final HttpClient client;

	private final JsonMapper json;

	private final Clock clock;

	/**
	 * A provider's HTTP access.
	 * @param provider the provider's name, for messages
	 * @param baseUrl the base URL that endpoint paths are appended to (a trailing slash
	 * is ignored)
	 * @param keyHeader how the key is sent
	 * @param apiKey the key
	 * @param timeout the longest wait for one answer
	 * @param client the HTTP client
	 * @param json the JSON mapper
	 * @param clock the clock that {@code Retry-After} dates are measured against
	 */
	ProviderHttp(String provider, String baseUrl, KeyHeader keyHeader, String apiKey, Duration timeout,
			HttpClient client, JsonMapper json, Clock clock) {
		this.provider = provider;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.keyHeader = keyHeader;
		this.apiKey = apiKey;
		this.timeout = timeout;
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

	/** The URI of a path below the base URL ({@code "/chat/completions"}). */
	URI endpoint(String path) {
		return URI.create(this.baseUrl + path);
	}

	/**
	 * Posts a JSON body and returns the JSON object of the 2xx answer.
	 * @param endpoint the endpoint, from {@link #endpoint(String)}
	 * @param body the request body
	 * @param onStatus a chance to map a non-2xx status before the generic mapping
	 * @return the answer's JSON object
	 */
	JsonNode postJson(URI endpoint, JsonNode body, StatusHook onStatus) {
		return post(endpoint, "application/json",
				HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body), StandardCharsets.UTF_8),
				onStatus);
	}

	/**
	 * Posts a body and returns the JSON object of the 2xx answer.
	 * @param endpoint the endpoint, from {@link #endpoint(String)}
	 * @param contentType the body's content type
	 * @param body the request body
	 * @param onStatus a chance to map a non-2xx status before the generic mapping (413
	 * for audio, 400 {@code json_validate_failed} for chat); returns normally to decline
	 * @return the answer's JSON object
	 */
	JsonNode post(URI endpoint, String contentType, HttpRequest.BodyPublisher body, StatusHook onStatus) {
		HttpRequest request = HttpRequest.newBuilder(endpoint)
			.timeout(this.timeout)
			.header(this.keyHeader.name, this.keyHeader.prefix + this.apiKey)
			.header("Content-Type", contentType)
			.header("Accept", "application/json")
			.POST(body)
			.build();
		Answer answer = send(request);
		if (answer.status() >= 200 && answer.status() < 300) {
			if (answer.truncated()) {
				throw new ProviderUnavailableException(this.provider,
						"answered with more than " + MAX_RESPONSE_BYTES / (1024 * 1024) + " MiB", null, null);
			}
			return parse(answer.body());
		}
		onStatus.check(answer.status(), answer.body());
		throw failure(answer);
	}

	private Answer send(HttpRequest request) {
		try {
			HttpResponse<InputStream> response = this.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
			try (InputStream in = response.body()) {
				byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
				boolean truncated = bytes.length > MAX_RESPONSE_BYTES;
				String body = new String(bytes, 0, Math.min(bytes.length, MAX_RESPONSE_BYTES), StandardCharsets.UTF_8);
				return new Answer(response.statusCode(), response.headers(), body, truncated);
			}
		}
		catch (HttpTimeoutException ex) {
			throw new ProviderUnavailableException(this.provider, "no answer within " + this.timeout.toSeconds() + "s",
					null, ex);
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
	}

	/** The exception for a non-2xx answer that no hook mapped. */
	private AiException failure(Answer answer) {
		int status = answer.status();
		String reason = reason(answer.body());
		if (status == 429 || status == 503) {
			return new ProviderUnavailableException(this.provider,
					((status == 429) ? "rate limited" : "overloaded") + " (HTTP " + status + "): " + reason,
					retryAfter(answer.headers()).orElse(null), null);
		}
		if (status >= 500 || status == 408 || status == 409 || status == 422 || status == 425 || status == 498
				|| status == 499) {
			return new ProviderUnavailableException(this.provider, "HTTP " + status + ": " + reason, null, null);
		}
		return new ProviderRejectedException(this.provider, status, reason);
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

	/** The text without the key or anything shaped like one, on one line, shortened. */
	String scrub(String text) {
		String scrubbed = text;
		if (!this.apiKey.isBlank()) {
			scrubbed = scrubbed.replace(this.apiKey, "[redacted]");
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
	private Optional<Duration> retryAfter(HttpHeaders headers) {
		Optional<String> header = headers.firstValue("retry-after");
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
	private JsonNode parse(String body) {
		try {
			JsonNode root = this.json.readTree(body);
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

	/** How a provider takes its key. */
	enum KeyHeader {

		/** {@code Authorization: Bearer <key>} (OpenAI, Groq and compatible servers). */
		BEARER("Authorization", "Bearer "),

		/**
		 * {@code x-goog-api-key: <key>} (Gemini; never the {@code key} query parameter).
		 */
		GOOGLE("x-goog-api-key", "");

		private final String name;

		private final String prefix;

		KeyHeader(String name, String prefix) {
			this.name = name;
			this.prefix = prefix;
		}

	}

	/** Maps a status before the generic mapping, or returns to decline. */
	@FunctionalInterface
	interface StatusHook {

		StatusHook NONE = (status, body) -> {
		};

		void check(int status, @Nullable String body);

	}

	private record Answer(int status, HttpHeaders headers, String body, boolean truncated) {
	}

}
