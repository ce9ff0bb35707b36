package com.clipworker.ai;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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

/**
 * Clip picking through an OpenAI-compatible chat-completions server (Groq's shape): what
 * is sent, how answers are validated, and the retry-then-heuristic policy.
 */
class ChatCompletionsPickerTests {

	private static final String KEY = "gsk_chatSecret987654321";

	private static final String PATH = "/openai/v1/chat/completions";

	private static final JsonMapper json = AiProviders.jsonMapper();

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance()
		.options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
		.build();

	// 12 sentences of 7 words: sentence n runs from n*3200 to n*3200+2700 ms
	private final Transcript transcript = TestTranscripts.talk(12, 7);

	private final Signals signals = Signals.durationOnly(40_000);

	private final PickSettings settings = new PickSettings(3, Duration.ofSeconds(5), Duration.ofSeconds(20), null);

	private ClipPicker picker(Map<String, String> extra) {
		Map<String, String> values = new HashMap<>(Map.of("groq.api-key", KEY, "groq.base-url",
				"http://127.0.0.1:" + server.getPort() + "/openai/v1", "picking.timeout", "2s"));
		values.putAll(extra);
		return TestAi.providers(values).clipPicker(new InMemoryAiResultCache());
	}

	static String answer(String clipsJson) {
		return json.createObjectNode()
			.put("id", "chatcmpl-1")
			.put("object", "chat.completion")
			.set("choices",
					json.createArrayNode()
						.add(json.createObjectNode()
							.put("index", 0)
							.put("finish_reason", "stop")
							.set("message",
									json.createObjectNode()
										.put("role", "assistant")
										.put("content", "{\"clips\":" + clipsJson + "}"))))
			.toString();
	}

	@Test
	void pickSendsTheNumberedTranscriptAndAStrictJsonSchemaAndMapsSentencesToTimes() {
		server.stubFor(post(PATH).willReturn(okJson(
				answer("""
						[{"startSentence":3,"endSentence":5,"title":"Three","hook":"w3_0 w3_1","score":88,"reason":"good"}]"""))));

		PickResult result = picker(Map.of()).pick(this.transcript, this.signals, this.settings);

		assertThat(result.provider()).isEqualTo("groq");
		assertThat(result.model()).isEqualTo("openai/gpt-oss-120b");
		assertThat(result.warning()).isNull();
		List<Sentence> sentences = Sentences.of(this.transcript);
		assertThat(result.clips()).singleElement().satisfies((clip) -> {
			assertThat(clip.startMs()).isEqualTo(sentences.get(3).startMs() - ClipValidator.LEAD_IN_MS);
			assertThat(clip.endMs()).isEqualTo(sentences.get(5).endMs() + ClipValidator.TAIL_MS);
			assertThat(clip.title()).isEqualTo("Three");
			assertThat(clip.score()).isEqualTo(88);
		});

		LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
		JsonNode body = json.readTree(request.getBodyAsString());
		assertThat(body.path("model").asString()).isEqualTo("openai/gpt-oss-120b");
		assertThat(body.path("messages").path(0).path("role").asString()).isEqualTo("system");
		String user = body.path("messages").path(1).path("content").asString();
		assertThat(user).contains("[0] 00:00:00.0-00:00:02.7 w0_0 w0_1")
			.contains("[11] ")
			.contains("between 5 and 20 seconds")
			.contains("Choose up to 3 clips")
			.contains("language with code 'en'");
		JsonNode format = body.path("response_format");
		assertThat(format.path("type").asString()).isEqualTo("json_schema");
		assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
		assertThat(format.path("json_schema").path("schema")).isEqualTo(ClipPrompt.jsonSchema(json));
		JsonNode item = format.path("json_schema").path("schema").path("properties").path("clips").path("items");
		assertThat(item.path("additionalProperties").asBoolean(true)).isFalse();
		assertThat(item.path("required")).hasSize(6);
	}

	@Test
	void outOfRangeAnswerIsSentBackOnceWithTheProblem() {
		server.stubFor(post(PATH).inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson(answer("""
					[{"startSentence":3,"endSentence":40,"title":"Bad","hook":"h","score":50,"reason":"r"}]""")))
			.willSetStateTo("corrected"));
		server.stubFor(post(PATH).inScenario("retry").whenScenarioStateIs("corrected").willReturn(okJson(answer("""
				[{"startSentence":1,"endSentence":3,"title":"Good","hook":"h","score":70,"reason":"r"}]"""))));

		PickResult result = picker(Map.of()).pick(this.transcript, this.signals, this.settings);

		assertThat(result.provider()).isEqualTo("groq");
		assertThat(result.warning()).isNull();
		assertThat(result.clips()).extracting(ClipCandidate::title).containsExactly("Good");
		List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
		assertThat(requests).hasSize(2);
		JsonNode messages = json.readTree(requests.get(1).getBodyAsString()).path("messages");
		assertThat(messages).hasSize(4);
		assertThat(messages.path(2).path("role").asString()).isEqualTo("assistant");
		assertThat(messages.path(2).path("content").asString()).contains("\"endSentence\":40");
		assertThat(messages.path(3).path("role").asString()).isEqualTo("user");
		assertThat(messages.path(3).path("content").asString())
			.contains("clips[0].endSentence is 40 but sentence numbers run from 0 to 11");
	}

	@Test
	void malformedTwiceFallsBackToTheHeuristicWithAWarning() {
		server.stubFor(post(PATH).willReturn(okJson(answer("[{\"startSentence\":\"three\"}]"))));

		PickResult result = picker(Map.of()).pick(this.transcript, this.signals, this.settings);

		assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(2);
		assertThat(result.provider()).isEqualTo("heuristic");
		assertThat(result.warning()).contains("instead of groq openai/gpt-oss-120b")
			.contains("startSentence must be an integer");
		assertThat(result.clips())
			.isEqualTo(new HeuristicPicker().pick(this.transcript, this.signals, this.settings).clips());
	}

	@Test
	void notJsonAtAllIsMalformed() {
		server
			.stubFor(post(PATH).willReturn(okJson(json.createObjectNode()
				.set("choices", json.createArrayNode()
					.add(json.createObjectNode()
						.put("finish_reason", "stop")
						.set("message", json.createObjectNode().put("content", "Sure! Here are your clips: ..."))))
				.toString())));

		PickResult result = picker(Map.of()).pick(this.transcript, this.signals, this.settings);

		assertThat(result.warning()).contains("not valid JSON");
		assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(2);
	}

	@Test
	void overlappingAndTooLongClipsAreDroppedFromAnAnswer() {
		server.stubFor(post(PATH).willReturn(okJson(answer("""
				[{"startSentence":0,"endSentence":2,"title":"A","hook":"h","score":60,"reason":"r"},
				 {"startSentence":2,"endSentence":4,"title":"B","hook":"h","score":90,"reason":"r"},
				 {"startSentence":5,"endSentence":11,"title":"Long","hook":"h","score":99,"reason":"r"},
				 {"startSentence":6,"endSentence":8,"title":"C","hook":"h","score":40,"reason":"r"}]"""))));

		PickResult result = picker(Map.of()).pick(this.transcript, this.signals, this.settings);

		assertThat(result.clips()).extracting(ClipCandidate::title).containsExactly("B", "C");
		assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
	}

	@Test
	void schemaValidationFailureFromGroqIsRetriedAsAMalformedAnswer() {
		server.stubFor(post(PATH).inScenario("validate")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(400)
				.withBody(
						"""
								{"error":{"message":"Failed to validate JSON","type":"invalid_request_error","code":"json_validate_failed","failed_generation":"{}"}}"""))
			.willSetStateTo("ok"));
		server.stubFor(post(PATH).inScenario("validate").whenScenarioStateIs("ok").willReturn(okJson(answer("""
				[{"startSentence":1,"endSentence":3,"title":"Good","hook":"h","score":70,"reason":"r"}]"""))));

		PickResult result = picker(Map.of()).pick(this.transcript, this.signals, this.settings);

		assertThat(result.provider()).isEqualTo("groq");
		assertThat(result.clips()).extracting(ClipCandidate::title).containsExactly("Good");
	}

	@Test
	void truncatedAnswerIsMalformed() {
		server
			.stubFor(
					post(PATH).willReturn(okJson(json.createObjectNode()
						.set("choices", json.createArrayNode()
							.add(json.createObjectNode()
								.put("finish_reason", "length")
								.set("message", json.createObjectNode().put("content", "{\"clips\":[{\"startSen"))))
						.toString())));

		assertThat(picker(Map.of()).pick(this.transcript, this.signals, this.settings).warning())
			.contains("cut off at the token limit");
	}

	@Test
	void rateLimitPropagatesWithItsDelay() {
		server
			.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12").withBody("{}")));

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> picker(Map.of()).pick(this.transcript, this.signals, this.settings))
			.satisfies((ex) -> assertThat(ex.retryAfter()).contains(Duration.ofSeconds(12)));
	}

	@Test
	void serverErrorPropagatesAsRetriable() {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(502).withBody("<html>Bad gateway</html>")));

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> picker(Map.of()).pick(this.transcript, this.signals, this.settings))
			.withMessageContaining("HTTP 502")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

	@Test
	void slowAnswerTimesOutAsRetriable() {
		server.stubFor(post(PATH).willReturn(okJson(answer("[]")).withFixedDelay(3000)));

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(
					() -> picker(Map.of("picking.timeout", "300ms")).pick(this.transcript, this.signals, this.settings))
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

	@Test
	void transcriptTooLongForTheModelFallsBackToTheHeuristic() {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(413)
			.withBody("{\"error\":{\"message\":\"Request too large for model\",\"code\":\"rate_limit_exceeded\"}}")));

		PickResult result = picker(Map.of()).pick(this.transcript, this.signals, this.settings);

		assertThat(result.provider()).isEqualTo("heuristic");
		assertThat(result.warning()).contains("too long for the model");
		assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).hasSize(1);
	}

	@Test
	void forbiddenIsNotRetriable() {
		server.stubFor(
				post(PATH).willReturn(aResponse().withStatus(403).withBody("{\"error\":{\"message\":\"denied\"}}")));

		assertThatExceptionOfType(ProviderRejectedException.class)
			.isThrownBy(() -> picker(Map.of()).pick(this.transcript, this.signals, this.settings))
			.withMessageContaining("groq rejected the request (HTTP 403): denied")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
	}

	@Test
	void jsonObjectModeIsSentForServersWithoutSchemaSupport() {
		server.stubFor(post(PATH).willReturn(okJson(answer("""
				[{"startSentence":1,"endSentence":3,"title":"Good","hook":"h","score":70,"reason":"r"}]"""))));

		picker(Map.of("groq.structured-output", "json-object")).pick(this.transcript, this.signals, this.settings);

		JsonNode body = json.readTree(server.findAll(postRequestedFor(urlEqualTo(PATH))).get(0).getBodyAsString());
		assertThat(body.path("response_format").path("type").asString()).isEqualTo("json_object");
		assertThat(body.path("response_format").has("json_schema")).isFalse();
	}

	@Test
	void transcriptWithoutWordsUsesTheHeuristicWithoutCallingTheModel() {
		PickResult result = picker(Map.of()).pick(Transcript.empty(), this.signals, this.settings);

		assertThat(result.provider()).isEqualTo("heuristic");
		assertThat(result.warning()).contains("no words");
		assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();
	}

}
