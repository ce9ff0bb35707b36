package com.clipworker.ai;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

	private final String model;

	private final double temperature;

	GeminiClient(ProviderHttp http, String model, double temperature) {
		this.http = http;
		this.endpoint = http
			.endpoint("/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":generateContent");
		this.model = model;
		this.temperature = temperature;
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
		JsonNode root = this.http.postJson(this.endpoint, body, ProviderHttp.StatusHook.NONE);
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
