package com.clipworker.ai;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google Gemini's {@code generateContent} with {@code responseMimeType: application/json}
 * and a {@code responseSchema}. The key goes in the {@code x-goog-api-key} header, never
 * in the URL. A blocked prompt, or an answer stopped by the token limit or a safety
 * filter, counts as a malformed answer.
 */
final class GeminiClient implements LlmClient {

	private final ProviderHttp http;

	private final URI endpoint;

	private final String apiKey;

	private final String model;

	private final double temperature;

	private final Duration timeout;

	GeminiClient(ProviderHttp http, String baseUrl, String apiKey, String model, double temperature, Duration timeout) {
		this.http = http;
		this.endpoint = URI.create((baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl)
				+ "/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":generateContent");
		this.apiKey = apiKey;
		this.model = model;
		this.temperature = temperature;
		this.timeout = timeout;
	}

	@Override
	public String provider() {
		return this.http.provider();
	}

	@Override
	public String model() {
		return this.model;
	}

	@Override
	public String complete(ClipPrompt prompt, List<Turn> retry) {
		ObjectNode body = this.http.json().createObjectNode();
		body.putObject("systemInstruction").putArray("parts").addObject().put("text", prompt.system());
		ArrayNode contents = body.putArray("contents");
		contents.addObject().put("role", "user").putArray("parts").addObject().put("text", prompt.user());
		for (Turn turn : retry) {
			contents.addObject()
				.put("role", turn.fromModel() ? "model" : "user")
				.putArray("parts")
				.addObject()
				.put("text", turn.text());
		}
		body.putObject("generationConfig")
			.put("temperature", this.temperature)
			.put("responseMimeType", "application/json")
			.set("responseSchema", ClipPrompt.geminiSchema(this.http.json()));
		HttpRequest request = HttpRequest.newBuilder(this.endpoint)
			.timeout(this.timeout)
			.header("x-goog-api-key", this.apiKey)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.http.json().writeValueAsString(body)))
			.build();
		HttpResponse<String> response = this.http.send(request, ProviderHttp.StatusHook.NONE);
		JsonNode root = this.http.parse(response);
		String blocked = root.path("promptFeedback").path("blockReason").asString("");
		if (!blocked.isBlank()) {
			throw new MalformedAnswerException(provider(), "the prompt was blocked (" + blocked + ")");
		}
		JsonNode candidate = root.path("candidates").path(0);
		String finish = candidate.path("finishReason").asString("");
		if ("MAX_TOKENS".equals(finish)) {
			throw new MalformedAnswerException(provider(), "the answer was cut off at the token limit");
		}
		if (!finish.isBlank() && !"STOP".equals(finish)) {
			throw new MalformedAnswerException(provider(), "the answer was stopped (" + finish + ")");
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : candidate.path("content").path("parts")) {
			text.append(part.path("text").asString(""));
		}
		if (text.isEmpty()) {
			throw new MalformedAnswerException(provider(), "the answer has no text");
		}
		return text.toString();
	}

}
