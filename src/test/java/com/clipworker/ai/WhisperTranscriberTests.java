package com.clipworker.ai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Whisper client against a local server that answers with the documented
 * {@code verbose_json} shape and the documented failures.
 */
class WhisperTranscriberTests {

	private static final String KEY = "gsk_test-fake-key-0123";

	private static final String PATH = "/openai/v1/audio/transcriptions";

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance()
		.options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
		.build();

	@TempDir
	static Path dir;

	static Path audio;

	@BeforeAll
	static void makeAudio() throws IOException, InterruptedException {
		audio = dir.resolve("chunk.flac");
		Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
				"-i", "sine=frequency=440:duration=1:sample_rate=16000", "-ac", "1", "-c:a", "flac", audio.toString())
			.redirectErrorStream(true)
			.start();
		assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(ffmpeg.exitValue()).as(new String(ffmpeg.getInputStream().readAllBytes())).isZero();
	}

	private Transcriber transcriber(Map<String, String> extra) {
		Map<String, String> values = new java.util.HashMap<>(Map.of("groq.api-key", KEY, "groq.base-url",
				"http://127.0.0.1:" + server.getPort() + "/openai/v1", "transcription.timeout", "2s"));
		values.putAll(extra);
		Transcriber transcriber = TestAi.providers(values).transcriber();
		assertThat(transcriber).isNotNull();
		return transcriber;
	}

	private AudioChunk chunk(long startMs) {
		return new AudioChunk(audio, startMs, 1000, null);
	}

	@Test
	void transcribeSendsTheDocumentedMultipartFieldsAndShiftsTimesByTheChunkStart() throws IOException {
		server.stubFor(post(PATH).willReturn(okJson("""
				{"task":"transcribe","language":"english","duration":1.0,"text":" Welcome back. Hi",
				 "segments":[{"id":0,"seek":0,"start":0.0,"end":0.9,"text":" Welcome back. Hi","tokens":[1,2],
				              "temperature":0.0,"avg_logprob":-0.09,"compression_ratio":1.6,"no_speech_prob":0.01}],
				 "words":[{"word":"Welcome","start":0.02,"end":0.38},{"word":"back.","start":0.4,"end":0.61},
				          {"word":"Hi","start":0.7,"end":0.9}],
				 "x_groq":{"id":"req_1"}}""")));

		Transcript transcript = transcriber(Map.of()).transcribe(chunk(60_000));

		assertThat(transcript.language()).isEqualTo("en");
		assertThat(transcript.words()).containsExactly(new Word("Welcome", 60_020, 60_380),
				new Word("back.", 60_400, 60_610), new Word("Hi", 60_700, 60_900));
		assertThat(transcript.segments()).containsExactly(new Segment("Welcome back. Hi", 60_000, 60_900));

		List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
		assertThat(requests).hasSize(1);
		LoggedRequest request = requests.get(0);
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
		assertThat(request.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
		assertThat(part(request, "model")).isEqualTo("whisper-large-v3-turbo");
		assertThat(part(request, "response_format")).isEqualTo("verbose_json");
		assertThat(part(request, "temperature")).isEqualTo("0");
		assertThat(request.getParts()).filteredOn((p) -> p.getName().equals("timestamp_granularities[]"))
			.extracting((p) -> p.getBody().asString())
			.containsExactly("word", "segment");
		Request.Part file = request.getPart("file");
		assertThat(file.getHeader("Content-Disposition").firstValue()).contains("filename=\"chunk.flac\"");
		assertThat(file.getHeader("Content-Type").firstValue()).isEqualTo("audio/flac");
		assertThat(file.getBody().asBytes()).isEqualTo(Files.readAllBytes(audio));
		assertThat(request.getParts()).extracting(Request.Part::getName).doesNotContain("language");
	}

	@Test
	void transcribeSendsTheConfiguredLanguageAndFallsBackToSegmentsWithoutWords() {
		server.stubFor(post(PATH).willReturn(okJson("""
				{"language":"de","text":"Guten Tag","segments":[{"start":0.0,"end":1.0,"text":" Guten Tag"}]}""")));

		Transcript transcript = transcriber(Map.of("transcription.language", "de")).transcribe(chunk(0));

		assertThat(part(server.findAll(postRequestedFor(urlEqualTo(PATH))).get(0), "language")).isEqualTo("de");
		assertThat(transcript.language()).isEqualTo("de");
		assertThat(transcript.words()).extracting(Word::text).containsExactly("Guten", "Tag");
		assertThat(transcript.words().get(1).endMs()).isEqualTo(1000);
	}

	@Test
	void segmentsWhisperFlagsAsSilenceAreDroppedWithTheirWords() {
		server.stubFor(post(PATH).willReturn(
				okJson("""
						{"language":"en","text":"Hello. Thanks for watching!",
						 "segments":[{"start":0.0,"end":0.5,"text":" Hello.","avg_logprob":-0.2,"no_speech_prob":0.01},
						             {"start":0.5,"end":1.0,"text":" Thanks for watching!","avg_logprob":-1.4,"no_speech_prob":0.9}],
						 "words":[{"word":"Hello.","start":0.1,"end":0.4},{"word":"Thanks","start":0.55,"end":0.7},
						          {"word":"for","start":0.7,"end":0.8},{"word":"watching!","start":0.8,"end":1.0}]}""")));

		Transcript transcript = transcriber(Map.of()).transcribe(chunk(0));

		assertThat(transcript.segments()).extracting(Segment::text).containsExactly("Hello.");
		assertThat(transcript.words()).extracting(Word::text).containsExactly("Hello.");
	}

	@Test
	void rateLimitWithRetryAfterIsRetriableAfterThatDelay() {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(429)
			.withHeader("retry-after", "7")
			.withHeader("Content-Type", "application/json")
			.withBody(
					"""
							{"error":{"message":"Rate limit reached for model whisper-large-v3-turbo","type":"requests","code":"rate_limit_exceeded"}}""")));

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> transcriber(Map.of()).transcribe(chunk(0)))
			.withMessageContaining("groq")
			.withMessageContaining("Rate limit reached")
			.satisfies((ex) -> {
				assertThat(ex.retriable()).isTrue();
				assertThat(ex.retryAfter()).contains(Duration.ofSeconds(7));
			});
	}

	@Test
	void overloadedWithAnHttpDateRetryAfterIsRetriableUntilThatDate() {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(503)
			.withHeader("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT")
			.withBody("busy")));

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> transcriber(Map.of()).transcribe(chunk(0)))
			.satisfies((ex) -> assertThat(ex.retryAfter()).contains(Duration.ofSeconds(30)));
	}

	@Test
	void serverErrorIsRetriableWithoutADelay() {
		server
			.stubFor(post(PATH).willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"oops\"}}")));

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> transcriber(Map.of()).transcribe(chunk(0)))
			.withMessageContaining("HTTP 500")
			.satisfies((ex) -> {
				assertThat(ex.retriable()).isTrue();
				assertThat(ex.retryAfter()).isEmpty();
			});
	}

	@Test
	void tooLargeAsksForSmallerChunks() {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(413).withBody("Request Entity Too Large")));

		assertThatExceptionOfType(AudioTooLargeException.class)
			.isThrownBy(() -> transcriber(Map.of()).transcribe(chunk(5000)))
			.withMessageContaining("re-chunk smaller")
			.withMessageContaining("5000 ms")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
	}

	@Test
	void chunkOverTheUploadLimitIsRefusedWithoutSending() {
		assertThatExceptionOfType(AudioTooLargeException.class)
			.isThrownBy(() -> transcriber(Map.of("transcription.max-upload", "1KB")).transcribe(chunk(0)))
			.withMessageContaining("re-chunk smaller")
			.satisfies((ex) -> assertThat(ex.sizeBytes()).isEqualTo(Files.size(audio)));
		server.verify(exactly(0), postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void badKeyIsNotRetriableAndTheMessageNamesTheProviderButNeverTheKey() {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(401)
			.withBody(
					"""
							{"error":{"message":"Invalid API Key: %s","type":"invalid_request_error","code":"invalid_api_key"}}"""
						.formatted(KEY))));

		assertThatExceptionOfType(ProviderRejectedException.class)
			.isThrownBy(() -> transcriber(Map.of()).transcribe(chunk(0)))
			.withMessageContaining("groq")
			.withMessageContaining("HTTP 401")
			.withMessageContaining("Invalid API Key")
			.withMessageNotContaining(KEY)
			.withMessageNotContaining("gsk_")
			.satisfies((ex) -> {
				assertThat(ex.retriable()).isFalse();
				assertThat(ex.status()).isEqualTo(401);
			});
	}

	@Test
	void badRequestIsNotRetriable() {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(400)
			.withBody(
					"{\"error\":{\"message\":\"file must be one of flac, mp3\",\"type\":\"invalid_request_error\"}}")));

		assertThatExceptionOfType(ProviderRejectedException.class)
			.isThrownBy(() -> transcriber(Map.of()).transcribe(chunk(0)))
			.withMessageContaining("file must be one of flac, mp3")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
	}

	@Test
	void slowAnswerTimesOutAsRetriable() {
		server.stubFor(post(PATH).willReturn(okJson("{\"text\":\"late\"}").withFixedDelay(3000)));

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> transcriber(Map.of("transcription.timeout", "300ms")).transcribe(chunk(0)))
			.withMessageContaining("no answer within")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

	@Test
	void malformedJsonIsRetriable() {
		server.stubFor(post(PATH).willReturn(okJson("{\"text\": \"cut off")));

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> transcriber(Map.of()).transcribe(chunk(0)))
			.withMessageContaining("malformed JSON")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

	@Test
	void missingChunkFileIsNotRetriable() {
		assertThatExceptionOfType(AudioChunkUnreadableException.class)
			.isThrownBy(() -> transcriber(Map.of()).transcribe(new AudioChunk(dir.resolve("gone.flac"), 0, 1000, null)))
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
	}

	@Test
	void openAiIsUsedWhenOnlyItsKeyIsSet() {
		server.stubFor(post("/v1/audio/transcriptions").willReturn(okJson("{\"text\":\"\",\"language\":\"en\"}")));
		Transcriber transcriber = TestAi
			.providers(Map.of("openai.api-key", "sk-test-123456", "openai.base-url",
					"http://127.0.0.1:" + server.getPort() + "/v1"))
			.transcriber();

		assertThat(transcriber).isNotNull();
		assertThat(transcriber.provider()).isEqualTo("openai");
		transcriber.transcribe(chunk(0));
		LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo("/v1/audio/transcriptions"))).get(0);
		assertThat(part(request, "model")).isEqualTo("whisper-1");
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-test-123456");
	}

	private static String part(LoggedRequest request, String name) {
		Request.Part part = request.getPart(name);
		assertThat(part).as("multipart field " + name).isNotNull();
		return part.getBody().asString();
	}

}
