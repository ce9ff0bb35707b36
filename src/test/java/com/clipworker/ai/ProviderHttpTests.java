package com.clipworker.ai;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The HTTP piece every provider client shares, against a local server: the request it
 * builds, how it classifies each status, the answer size limit, and that no message
 * carries the key.
 */
class ProviderHttpTests {

	private static final String KEY = "gsk_http-fake-key-0123";

	private static final String PATH = "/v1/thing";

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance()
		.options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
		.build();

	private static ProviderHttp http(ProviderHttp.KeyHeader keyHeader, Duration timeout) {
		return new ProviderHttp("acme", "http://127.0.0.1:" + server.getPort() + "/v1/", keyHeader, KEY, timeout,
				HttpClient.newHttpClient(), AiProviders.jsonMapper(), Clock.fixed(TestAi.NOW, ZoneOffset.UTC));
	}

	private static ProviderHttp http() {
		return http(ProviderHttp.KeyHeader.BEARER, Duration.ofSeconds(2));
	}

	private static JsonNode postTo(ProviderHttp http) {
		return http.postJson(http.endpoint("/thing"), AiProviders.jsonMapper().createObjectNode().put("q", 1),
				ProviderHttp.StatusHook.NONE);
	}

	private static void answer(int status, String body) {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(status).withBody(body)));
	}

	@Test
	void postSendsTheBodyWithTheKeyInItsHeaderAndReturnsTheAnswer() {
		server.stubFor(post(PATH).willReturn(okJson("{\"ok\":true}")));

		assertThat(postTo(http()).path("ok").asBoolean()).isTrue();

		LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
		assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
		assertThat(request.getHeader("Accept")).isEqualTo("application/json");
		assertThat(request.getBodyAsString()).isEqualTo("{\"q\":1}");
	}

	@Test
	void googleKeyGoesInItsOwnHeaderAndNeverInTheUrl() {
		server.stubFor(post(PATH).willReturn(okJson("{}")));

		postTo(http(ProviderHttp.KeyHeader.GOOGLE, Duration.ofSeconds(2)));

		LoggedRequest request = server.findAll(postRequestedFor(urlEqualTo(PATH))).get(0);
		assertThat(request.getHeader("x-goog-api-key")).isEqualTo(KEY);
		assertThat(request.containsHeader("Authorization")).isFalse();
		assertThat(request.getUrl()).doesNotContain(KEY);
	}

	@Test
	void endpointIgnoresATrailingSlashOfTheBaseUrl() {
		assertThat(http().endpoint("/chat/completions"))
			.isEqualTo(URI.create("http://127.0.0.1:" + server.getPort() + "/v1/chat/completions"));
	}

	@Test
	void rateLimitIsRetriableAfterTheSecondsItNames() {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(429)
			.withHeader("Retry-After", "1.5")
			.withBody("{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit_exceeded\"}}")));

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> postTo(http()))
			.withMessage("acme is unavailable: rate limited (HTTP 429): slow down [rate_limit_exceeded] "
					+ "(retry after 1s)")
			.satisfies((ex) -> {
				assertThat(ex.retriable()).isTrue();
				assertThat(ex.retryAfter()).contains(Duration.ofMillis(1500));
			});
	}

	@Test
	void overloadedIsRetriableUntilTheDateItNames() {
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(TestAi.NOW.plusSeconds(40).atZone(ZoneOffset.UTC));
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(503).withHeader("Retry-After", date)));

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> postTo(http()))
			.withMessageContaining("overloaded (HTTP 503): no error message")
			.satisfies((ex) -> assertThat(ex.retryAfter()).contains(Duration.ofSeconds(40)));
	}

	@Test
	void rateLimitWithoutRetryAfterIsRetriableWithoutADelay() {
		answer(429, "");

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> postTo(http()))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEmpty());
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 504, 408, 409, 422, 425, 498, 499 })
	void serverErrorsAndTransientClientErrorsAreRetriable(int status) {
		answer(status, "{\"error\":\"busy\"}");

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> postTo(http()))
			.withMessage("acme is unavailable: HTTP " + status + ": busy")
			.satisfies((ex) -> {
				assertThat(ex.retriable()).isTrue();
				assertThat(ex.retryAfter()).isEmpty();
			});
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 413 })
	void otherClientErrorsAreNotRetriable(int status) {
		answer(status, "{\"error\":{\"message\":\"no\",\"type\":\"invalid_request_error\"}}");

		assertThatExceptionOfType(ProviderRejectedException.class).isThrownBy(() -> postTo(http()))
			.withMessage("acme rejected the request (HTTP " + status + "): no [invalid_request_error]")
			.satisfies((ex) -> {
				assertThat(ex.retriable()).isFalse();
				assertThat(ex.status()).isEqualTo(status);
			});
	}

	@Test
	void statusHookMapsAStatusBeforeTheGenericMapping() {
		answer(413, "too big");
		ProviderHttp http = http();

		assertThatExceptionOfType(MalformedAnswerException.class).isThrownBy(() -> http
			.postJson(http.endpoint("/thing"), AiProviders.jsonMapper().createObjectNode(), (status, body) -> {
				throw new MalformedAnswerException("acme", "hook saw " + status + " " + body);
			})).withMessageContaining("hook saw 413 too big");
	}

	@Test
	void errorMessagesNeverCarryTheKeyOrAnythingShapedLikeOne() {
		answer(401, "{\"error\":{\"message\":\"Invalid key " + KEY
				+ "; also tried sk-proj-abcdef123456 and AIzaSyAbCdEf123456\\nplease check\"}}");

		assertThatExceptionOfType(ProviderRejectedException.class).isThrownBy(() -> postTo(http()))
			.withMessage("acme rejected the request (HTTP 401): Invalid key [redacted]; also tried [redacted] and "
					+ "[redacted] please check")
			.withMessageNotContaining(KEY);
	}

	@Test
	void longErrorTextIsShortened() {
		answer(400, "x".repeat(5000));

		assertThatExceptionOfType(ProviderRejectedException.class).isThrownBy(() -> postTo(http()))
			.withMessageEndingWith("x".repeat(300) + "...");
	}

	@Test
	void answerOverTheLimitIsRetriableAndNotParsed() {
		server.stubFor(
				post(PATH).willReturn(okJson("{\"text\":\"" + "a".repeat(ProviderHttp.MAX_RESPONSE_BYTES) + "\"}")));

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> postTo(http()))
			.withMessage("acme is unavailable: answered with more than 8 MiB")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

	@Test
	void errorBodyOverTheLimitStillGivesAReason() {
		answer(400, "b".repeat(ProviderHttp.MAX_RESPONSE_BYTES + 100));

		assertThatExceptionOfType(ProviderRejectedException.class).isThrownBy(() -> postTo(http()))
			.withMessageEndingWith("b".repeat(300) + "...");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"cut", "[1,2]", "" })
	void garbledAnswerIsRetriable(String body) {
		server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody(body)));

		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> postTo(http()))
			.withMessageStartingWith("acme is unavailable: answered with")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

	@Test
	void slowAnswerTimesOutAsRetriable() {
		server.stubFor(post(PATH).willReturn(okJson("{}").withFixedDelay(3000)));

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> postTo(http(ProviderHttp.KeyHeader.BEARER, Duration.ofSeconds(1))))
			.withMessage("acme is unavailable: no answer within 1s")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

	@Test
	void refusedConnectionIsRetriable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ProviderHttp http = new ProviderHttp("acme", "http://127.0.0.1:" + closedPort, ProviderHttp.KeyHeader.BEARER,
				KEY, Duration.ofSeconds(2), HttpClient.newHttpClient(), AiProviders.jsonMapper(), Clock.systemUTC());

		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> http.post(http.endpoint("/x"), "text/plain", HttpRequest.BodyPublishers.noBody(),
					ProviderHttp.StatusHook.NONE))
			.withMessage("acme is unavailable: cannot connect")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

}
