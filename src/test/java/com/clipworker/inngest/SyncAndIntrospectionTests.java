package com.clipworker.inngest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.clipworker.inngest.TestRequests.body;
import static com.clipworker.inngest.TestRequests.event;
import static com.clipworker.inngest.TestRequests.json;
import static com.clipworker.inngest.TestRequests.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * GET introspection, PUT sync (out-of-band against a stub API, in-band signed), use_api
 * state fetching, the events client and start-up refusals.
 */
class SyncAndIntrospectionTests {

	static final String KEY = SignaturesTests.KEY;

	static final String FALLBACK = "signkey-test-0123456789abcdef0123456789abcdef";

	private final StubInngestServer api;

	SyncAndIntrospectionTests() throws Exception {
		this.api = new StubInngestServer();
	}

	@AfterEach
	void close() {
		this.api.close();
	}

	private static List<InngestFunction> functions() {
		return List.of(InngestFunction.builder("process-video")
			.name("Process video")
			.trigger(Trigger.event("video/uploaded"))
			.trigger(Trigger.cron("0 3 * * *", Duration.ofSeconds(30)))
			.concurrency(4)
			.concurrency(1, "event.data.ownerId")
			.retries(10)
			.cancelOn("video/deleted", "async.data.videoId == event.data.videoId")
			.onFailure((ctx, step) -> ctx.failure().runId())
			.handler((ctx, step) -> null));
	}

	@Test
	void devIntrospectionIsTheUnauthenticatedShape() {
		InngestHandler handler = TestHandlers.handler(TestHandlers.dev(), functions());
		InngestResponse response = handler.handle(new TestRequests.Request("GET", new byte[0]));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("{\"authentication_succeeded\":null,"
				+ "\"capabilities\":{\"in_band_sync\":\"v1\",\"trust_probe\":\"v1\"},\"extra\":{},\"function_count\":2,"
				+ "\"has_event_key\":false,\"has_signing_key\":false,\"has_signing_key_fallback\":false,\"mode\":\"dev\","
				+ "\"schema_version\":\"2024-05-24\"}");
		assertThat(response.headers()).containsEntry("X-Inngest-SDK", "clipworker-java:v0.1.0");
	}

	@Test
	void signedIntrospectionIsTheAuthenticatedShape() {
		InngestHandler handler = TestHandlers.handler(TestHandlers.cloud().withEventKey("test"), functions());
		InngestResponse response = handler
			.handle(new TestRequests.Request("GET", new byte[0]).header("X-Inngest-Signature",
					"t=1705586504&s=57e74d31fe5c685e9fca1effda35f10afcd5d6b5c2e5370b7bf037c24902af0b"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("{\"api_origin\":\"https://api.inngest.com\",\"app_id\":\"app\","
				+ "\"authentication_succeeded\":true,\"capabilities\":{\"in_band_sync\":\"v1\",\"trust_probe\":\"v1\"},"
				+ "\"env\":null,\"event_api_origin\":\"https://inn.gs\","
				+ "\"event_key_hash\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\"extra\":{},"
				+ "\"framework\":\"springboot\",\"function_count\":2,\"has_event_key\":true,\"has_signing_key\":true,"
				+ "\"has_signing_key_fallback\":false,\"mode\":\"cloud\",\"schema_version\":\"2024-05-24\","
				+ "\"sdk_language\":\"java\",\"sdk_version\":\"0.1.0\",\"serve_origin\":null,\"serve_path\":null,"
				+ "\"signing_key_fallback_hash\":null,"
				+ "\"signing_key_hash\":\"signkey-test-ed30c63423735b44011c49a38c01a8062833420cfb299072e0263c986242556a\"}");
		assertThat(response.headers().get("X-Inngest-Signature"))
			.isEqualTo(Signatures.sign(KEY, response.body(), TestHandlers.NOW));
	}

	@Test
	void aBadlySignedDevIntrospectionSaysAuthenticationFailed() {
		InngestProperties dev = InngestProperties.of("app", KEY, true);
		InngestResponse response = TestHandlers.handler(dev, functions())
			.handle(new TestRequests.Request("GET", new byte[0]).header("X-Inngest-Signature",
					"t=1705586504&s=" + "0".repeat(64)));
		assertThat(json(response.bodyText()).get("authentication_succeeded").asBoolean(true)).isFalse();
	}

	@Test
	void outOfBandSyncRegistersWithTheHashedKeyAndFallsBack() {
		this.api.answer("/fn/register", 401, "{\"error\":\"bad key\"}")
			.answer("/fn/register", 200, "{\"ok\":true,\"modified\":true,\"app_id\":\"a\",\"sync_id\":\"s\"}");
		InngestProperties properties = TestHandlers.cloud()
			.withSigningKeyFallback(FALLBACK)
			.withBaseUrl(this.api.uri());
		TestRequests.Request put = new TestRequests.Request("PUT", new byte[0]).header("X-Inngest-Server-Kind",
				"cloud");
		put.query.put("deployId", "d-1");
		InngestResponse response = TestHandlers.handler(properties, functions()).handle(put);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("{\"message\":\"Successfully synced.\",\"modified\":true}");
		assertThat(response.headers()).containsEntry("X-Inngest-Sync-Kind", "out_of_band");
		assertThat(this.api.requests).hasSize(2);
		StubInngestServer.Recorded first = this.api.requests.get(0);
		assertThat(first.uri().toString()).isEqualTo("/fn/register?deployId=d-1");
		assertThat(first.header("Authorization")).isEqualTo("Bearer " + Signatures.bearer(KEY));
		assertThat(first.header("X-Inngest-Expected-Server-Kind")).isEqualTo("cloud");
		assertThat(this.api.requests.get(1).header("Authorization")).isEqualTo("Bearer " + Signatures.bearer(FALLBACK));
		JsonNode payload = json(first.body());
		assertThat(payload.get("appName").asString()).isEqualTo("app");
		assertThat(payload.get("url").asString()).isEqualTo(TestRequests.URL);
		assertThat(payload.get("sdk").asString()).isEqualTo("clipworker-java:v0.1.0");
		JsonNode fn = payload.get("functions").get(0);
		assertThat(fn.toString()).isEqualTo(
				"{\"cancel\":[{\"event\":\"video/deleted\",\"if\":\"async.data.videoId == event.data.videoId\"}],"
						+ "\"concurrency\":[{\"limit\":4,\"scope\":\"fn\"},{\"key\":\"event.data.ownerId\",\"limit\":1,\"scope\":\"fn\"}],"
						+ "\"id\":\"app-process-video\",\"name\":\"Process video\",\"steps\":{\"step\":{\"id\":\"step\",\"name\":\"step\","
						+ "\"retries\":{\"attempts\":10},\"runtime\":{\"type\":\"http\",\"url\":\"" + TestRequests.URL
						+ "?fnId=app-process-video&stepId=step\"}}},\"triggers\":[{\"event\":\"video/uploaded\"},"
						+ "{\"cron\":\"0 3 * * *\",\"jitter\":\"30s\"}]}");
		JsonNode failure = payload.get("functions").get(1);
		assertThat(failure.get("id").asString()).isEqualTo("app-process-video-failure");
		assertThat(failure.get("name").asString()).isEqualTo("Process video (failure)");
		assertThat(failure.get("triggers").toString()).isEqualTo(
				"[{\"event\":\"inngest/function.failed\",\"expression\":\"event.data.function_id == 'app-process-video'\"}]");
	}

	@Test
	void aFailedSyncAnswersFiveHundred() {
		this.api.answer("/fn/register", 400, "{\"error\":\"Expected server kind dev, got cloud\"}");
		InngestProperties properties = TestHandlers.cloud().withBaseUrl(this.api.uri());
		InngestResponse response = TestHandlers.handler(properties, functions())
			.handle(new TestRequests.Request("PUT", new byte[0]));
		assertThat(response.status()).isEqualTo(500);
		assertThat(json(response.bodyText()).get("message").asString()).contains("Expected server kind dev, got cloud");
		assertThat(json(response.bodyText()).get("modified").asBoolean(true)).isFalse();
	}

	@Test
	void inBandSyncAcceptsTheServersNonCanonicalBodyAndAnswersSigned() {
		byte[] raw = "{\"url\":\"http://127.0.0.1:8080/api/inngest?a=1\\u0026b=2\"}".getBytes(StandardCharsets.UTF_8);
		InngestProperties dev = InngestProperties.of("app", KEY, true);
		TestRequests.Request put = new TestRequests.Request("PUT", raw).header("X-Inngest-Sync-Kind", "in_band")
			.header("X-Inngest-Server-Kind", "dev")
			.header("X-Inngest-Signature",
					"t=1705586504&s=dec8a392f9d83e7d15226f0ca83b8227d4f9b970ddc2b5ca1869e208b31af1ee");
		InngestResponse response = TestHandlers.handler(dev, functions()).handle(put);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers()).containsEntry("X-Inngest-Sync-Kind", "in_band");
		assertThat(response.headers().get("X-Inngest-Signature"))
			.isEqualTo(Signatures.sign(KEY, response.body(), TestHandlers.NOW));
		JsonNode body = json(response.bodyText());
		assertThat(body.get("url").asString()).isEqualTo("http://127.0.0.1:8080/api/inngest");
		assertThat(body.get("app_id").asString()).isEqualTo("app");
		assertThat(body.get("sdk_language").asString()).isEqualTo("java");
		assertThat(body.get("functions")).hasSize(2);
		assertThat(body.get("inspection").get("authentication_succeeded").asBoolean()).isTrue();
	}

	@Test
	void inBandSyncNeedsAValidSignatureAndAStrictBody() {
		InngestProperties dev = InngestProperties.of("app", KEY, true);
		InngestHandler handler = TestHandlers.handler(dev, functions());
		byte[] raw = "{\"url\":\"http://x/api/inngest\"}".getBytes(StandardCharsets.UTF_8);
		InngestResponse unsigned = handler
			.handle(new TestRequests.Request("PUT", raw).header("X-Inngest-Sync-Kind", "in_band"));
		assertThat(unsigned.status()).isEqualTo(401);
		byte[] extra = "{\"url\":\"http://x/api/inngest\",\"more\":1}".getBytes(StandardCharsets.UTF_8);
		InngestResponse strict = handler
			.handle(new TestRequests.Request("PUT", extra).header("X-Inngest-Sync-Kind", "in_band")
				.signed(KEY, TestHandlers.NOW));
		assertThat(strict.status()).isEqualTo(400);
		assertThat(json(strict.bodyText()).get("code").asString()).isEqualTo("invalid_request");
		InngestResponse noKey = TestHandlers.handler(TestHandlers.dev(), functions())
			.handle(new TestRequests.Request("PUT", raw).header("X-Inngest-Sync-Kind", "in_band")
				.signed(KEY, TestHandlers.NOW));
		assertThat(noKey.status()).isEqualTo(401);
	}

	@Test
	void useApiFetchesTheRunStateWithTheBearerKey() {
		String hash = StepIds.hash("first");
		this.api
			.answer("/v0/runs/01JRUN0000000000000000000/batch", 200,
					"[{\"name\":\"video/uploaded\",\"data\":{\"videoId\":\"big\"},\"id\":\"e\",\"ts\":1,\"user\":{}}]")
			.answer("/v0/runs/01JRUN0000000000000000000/actions", 200, "{\"" + hash + "\":{\"data\":\"memo\"}}");
		InngestFunction function = InngestFunction.builder("big").handler((ctx, step) -> {
			String first = step.run("first", String.class, () -> "ran");
			return first + ":" + ctx.event().data().get("videoId").asString();
		});
		InngestProperties properties = TestHandlers.cloud().withBaseUrl(this.api.uri());
		String bodyText = new String(body(event("video/uploaded", "{}"), Map.of(), List.of(), 0, false),
				StandardCharsets.UTF_8)
			.replace("\"use_api\":false", "\"use_api\":true");
		byte[] bytes = bodyText.getBytes(StandardCharsets.UTF_8);
		InngestResponse response = TestHandlers.handler(properties, List.of(function))
			.handle(post("app-big", "step", bytes).signed(KEY, TestHandlers.NOW));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.bodyText()).isEqualTo("\"memo:big\"");
		assertThat(this.api.requests).allSatisfy(
				(request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + Signatures.bearer(KEY)));
	}

	@Test
	void useApiFailureIsARetriedError() {
		this.api.answer("/v0/runs/01JRUN0000000000000000000/batch", 410, "{\"error\":\"gone\",\"status\":410}");
		InngestFunction function = InngestFunction.builder("big").handler((ctx, step) -> "never");
		InngestProperties properties = TestHandlers.cloud().withBaseUrl(this.api.uri());
		byte[] bytes = new String(body(event("video/uploaded", "{}"), Map.of(), List.of(), 0, false),
				StandardCharsets.UTF_8)
			.replace("\"use_api\":false", "\"use_api\":true")
			.getBytes(StandardCharsets.UTF_8);
		InngestResponse response = TestHandlers.handler(properties, List.of(function))
			.handle(post("app-big", "step", bytes).signed(KEY, TestHandlers.NOW));
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.headers()).containsEntry("X-Inngest-No-Retry", "false");
	}

	@Test
	void eventsAreSentWithOneSeedAcrossRetries() {
		this.api.answer("/e/test", 502, "{\"error\":\"bad gateway\"}")
			.answer("/e/test", 200, "{\"ids\":[\"01A\",\"01B\"],\"status\":200}");
		InngestProperties properties = TestHandlers.cloud().withBaseUrl(this.api.uri()).withEventKey("test");
		InngestEvents events = new InngestEvents(properties, java.net.http.HttpClient.newHttpClient(),
				TestHandlers.CLOCK);
		SendEventsResult result = events.send(Event.of("video/processed", Map.of("videoId", "v1")).withId("p-v1"),
				Event.of("clips/generated", Map.of("videoId", "v1")));
		assertThat(result.ids()).containsExactly("01A", "01B");
		assertThat(this.api.requests).hasSize(2);
		assertThat(this.api.requests.get(0).header("x-inngest-event-id-seed"))
			.isEqualTo(this.api.requests.get(1).header("x-inngest-event-id-seed"))
			.startsWith("1705586504000,");
		assertThat(this.api.requests.get(0).body()).isEqualTo("[{\"data\":{\"videoId\":\"v1\"},\"id\":\"p-v1\","
				+ "\"name\":\"video/processed\"},{\"data\":{\"videoId\":\"v1\"},\"name\":\"clips/generated\"}]");
	}

	@Test
	void aRejectedEventIsNotRetried() {
		this.api.answer("/e/test", 400, "{\"error\":\"data must be an object\",\"status\":400}");
		InngestProperties properties = TestHandlers.cloud().withBaseUrl(this.api.uri()).withEventKey("test");
		InngestEvents events = new InngestEvents(properties, java.net.http.HttpClient.newHttpClient(),
				TestHandlers.CLOCK);
		assertThatExceptionOfType(InngestApiException.class).isThrownBy(() -> events.send(Event.of("x/y", Map.of())))
			.withMessageContaining("data must be an object")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		assertThat(this.api.requests).hasSize(1);
	}

	@Test
	void cloudModeRefusesToStartWithoutASigningKey() {
		assertThatExceptionOfType(InngestConfigurationException.class)
			.isThrownBy(() -> TestHandlers.handler(InngestProperties.of("app", null, false), List.of()))
			.withMessageContaining("INNGEST_SIGNING_KEY");
		assertThat(InngestProperties.of("app", KEY, false).withEventKey("secret-event-key").toString())
			.doesNotContain("7468697320")
			.doesNotContain("secret-event-key");
	}

}
