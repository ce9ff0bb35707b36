package com.clipworker.ai;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Clip picking through Gemini's {@code generateContent} with a response schema. */
class GeminiPickerTests {

	private static final String KEY = "AIzaGeminiSecret_0123456789";

	private static final String PATH = "/v1beta/models/gemini-2.5-flash:generateContent";

	private static final JsonMapper json = AiProviders.jsonMapper();

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance()
		.options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
		.build();

	private final Transcript transcript = TestTranscripts.talk(12, 7);

	private final Signals signals = Signals.durationOnly(40_000);

	private final PickSettings settings = new PickSettings(3, Duration.ofSeconds(5), Duration.ofSeconds(20), "fr");

	private ClipPicker picker() {
		// Groq's key is set too: Gemini comes first for picking
		return TestAi
			.providers(Map.of("gemini.api-key", KEY, "gemini.base-url",
					"http://127.0.0.1:" + server.getPort() + "/v1beta", "groq.api-key", "gsk_unused_000000"))
			.clipPicker(new InMemoryAiResultCache());
	}

	static String answer(String text, String finishReason) {
		return json.createObjectNode()
			.set("candidates",
					json.createArrayNode()
						.add(json.createObjectNode()
							.put("finishReason", finishReason)
							.set("content", json.createObjectNode()
								.put("role", "model")
								.set("parts", json.createArrayNode().add(json.createObjectNode().put("text", text))))))
			.toString();
	}

	@Test
	void pickSendsTheSchemaInGeminisDialectAndTheKeyInAHeader() {
		server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(
				answer("""
						{"clips":[{"startSentence":2,"endSentence":4,"title":"Titre","hook":"Accroche","score":77,"reason":"r"}]}""",
						"STOP"))));

		PickResult result = picker().pick(this.transcript, this.signals, this.settings);

		assertThat(result.provider()).isEqualTo("gemini");
		assertThat(result.model()).isEqualTo("gemini-2.5-flash");
		List<Sentence> sentences = Sentences.of(this.transcript);
		assertThat(result.clips()).singleElement().satisfies((clip) -> {
			assertThat(clip.startMs()).isEqualTo(sentences.get(2).startMs() - ClipValidator.LEAD_IN_MS);
			assertThat(clip.title()).isEqualTo("Titre");
		});
		LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
		assertThat(request.getHeader("x-goog-api-key")).isEqualTo(KEY);
		assertThat(request.getUrl()).doesNotContain(KEY);
		JsonNode body = json.readTree(request.getBodyAsString());
		assertThat(body.path("systemInstruction").path("parts").path(0).path("text").asString())
			.contains("short-form video editor");
		assertThat(body.path("contents").path(0).path("role").asString()).isEqualTo("user");
		assertThat(body.path("contents").path(0).path("parts").path(0).path("text").asString())
			.contains("language with code 'fr'")
			.contains("[2] 00:00:06.4-00:00:09.1");
		JsonNode config = body.path("generationConfig");
		assertThat(config.path("responseMimeType").asString()).isEqualTo("application/json");
		assertThat(config.path("responseSchema")).isEqualTo(ClipPrompt.geminiSchema(json));
		assertThat(
				config.path("responseSchema").path("properties").path("clips").path("items").path("propertyOrdering"))
			.hasSize(6);
	}

	@Test
	void truncatedAnswerIsRetriedThenReplacedByTheHeuristic() {
		server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(answer("{\"clips\":[{\"startSent", "MAX_TOKENS"))));

		PickResult result = picker().pick(this.transcript, this.signals, this.settings);

		assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(2);
		JsonNode retry = json.readTree(server.findAll(postRequestedFor(urlEqualTo(PATH))).get(1).getBodyAsString());
		assertThat(retry.path("contents")).hasSize(2);
		assertThat(retry.path("contents").path(1).path("parts").path(0).path("text").asString())
			.contains("cut off at the token limit");
		assertThat(result.provider()).isEqualTo("heuristic");
		assertThat(result.warning()).contains("gemini");
	}

	@Test
	void blockedPromptIsMalformed() {
		server.stubFor(post(urlEqualTo(PATH))
			.willReturn(okJson("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{}}")));

		assertThat(picker().pick(this.transcript, this.signals, this.settings).warning())
			.contains("prompt was blocked (SAFETY)");
	}

	@Test
	void quotaExhaustedIsRetriableAndServerErrorToo() {
		server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(429)
			.withBody(
					"{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}")));
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> picker().pick(this.transcript, this.signals, this.settings))
			.withMessageContaining("Resource has been exhausted [RESOURCE_EXHAUSTED]")
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEmpty());

		server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)
			.withBody("{\"error\":{\"code\":500,\"message\":\"Internal error\",\"status\":\"INTERNAL\"}}")));
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> picker().pick(this.transcript, this.signals, this.settings))
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

	@Test
	void invalidKeyIsNotRetriableAndNeverNamesTheKey() {
		server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400)
			.withBody(
					"""
							{"error":{"code":400,"message":"API key not valid. Please pass a valid API key. (%s)","status":"INVALID_ARGUMENT"}}"""
						.formatted(KEY))));

		assertThatExceptionOfType(ProviderRejectedException.class)
			.isThrownBy(() -> picker().pick(this.transcript, this.signals, this.settings))
			.withMessageContaining("gemini rejected the request (HTTP 400): API key not valid")
			.withMessageNotContaining(KEY)
			.withMessageNotContaining("AIza");
	}

}
