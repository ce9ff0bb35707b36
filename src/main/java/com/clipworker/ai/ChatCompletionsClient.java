package com.clipworker.ai;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAI-compatible chat-completions client ({@code POST {base}/chat/completions}) for
 * Groq, OpenAI and local servers. Asks for a strict {@code json_schema} answer, or plain
 * {@code json_object} for servers without schema support. Groq's 400
 * {@code json_validate_failed} (the model broke the schema) counts as a malformed answer,
 * not a rejected request.
 */
final class ChatCompletionsClient implements LlmClient {

	private final ProviderHttp http;

	private final URI endpoint;

	private final String model;

	private final AiProperties.StructuredOutput structuredOutput;

	private final double temperature;

	ChatCompletionsClient(ProviderHttp http, String model, AiProperties.StructuredOutput structuredOutput,
			double temperature) {
		this.http = http;
		this.endpoint = http.endpoint("/chat/completions");
		this.model = model;
		this.structuredOutput = structuredOutput;
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
		body.put("model", this.model);
		body.put("temperature", this.temperature);
		ArrayNode messages = body.putArray("messages");
		messages.addObject().put("role", "system").put("content", prompt.system());
		messages.addObject().put("role", "user").put("content", prompt.user());
		for (Turn turn : retry) {
			messages.addObject().put("role", turn.fromModel() ? "assistant" : "user").put("content", turn.text());
		}
		ObjectNode format = body.putObject("response_format");
		if (this.structuredOutput == AiProperties.StructuredOutput.JSON_SCHEMA) {
			format.put("type", "json_schema");
			format.putObject("json_schema")
				.put("name", "clips")
				.put("strict", true)
				.set("schema", ClipPrompt.jsonSchema(this.http.json()));
		}
		else {
			format.put("type", "json_object");
		}
		JsonNode choice = this.http.postJson(this.endpoint, body, this::schemaFailure).path("choices").path(0);
		String finish = choice.path("finish_reason").asString("");
		if ("length".equals(finish)) {
			throw new MalformedAnswerException(provider(), "the answer was cut off at the token limit");
		}
		JsonNode content = choice.path("message").path("content");
		if (!content.isString() || content.asString().isBlank()) {
			String refusal = choice.path("message").path("refusal").asString("");
			throw new MalformedAnswerException(provider(),
					refusal.isBlank() ? "the answer has no content" : "the model refused: " + this.http.scrub(refusal));
		}
		return content.asString();
	}

	private void schemaFailure(int status, @Nullable String body) {
		if (status == 400 && body != null && body.contains("json_validate_failed")) {
			throw new MalformedAnswerException(provider(),
					"the answer failed the schema check (" + this.http.reason(body) + ")");
		}
	}

}
