package com.clipworker.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.clipworker.ai.AiProperties;
import com.clipworker.ai.AiProviders;
import com.clipworker.ai.InMemoryAiResultCache;
import com.clipworker.ai.PickSettings;
import com.clipworker.ai.Segment;
import com.clipworker.ai.Signals;
import com.clipworker.ai.Transcript;
import com.clipworker.ai.Word;
import com.clipworker.db.DatabaseUrl;
import com.clipworker.db.TestDatabase;
import com.clipworker.inngest.Event;
import com.clipworker.inngest.InngestEvents;
import com.clipworker.inngest.InngestProperties;
import com.clipworker.inngest.Signatures;
import com.clipworker.storage.ObjectStore;
import com.clipworker.storage.S3MockServer;
import com.clipworker.web.HealthMonitor;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The worker in local mode with a canary for every secret, on real ports, against the
 * embedded PostgreSQL (through {@code DATABASE_URL} with a password), S3Mock (R2 keys)
 * and WireMock standing in for the AI providers and the Inngest API, each of which echoes
 * the credentials it was sent back in its error bodies. Covers reliability.md S11 (no
 * canary in logs, answers, actuator, exception messages or any configuration record's
 * {@code toString()}), S12 (actuator and health exposure) and S13 (5 MiB + 1 answered 413
 * before the body is read).
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "clipworker.mode=local",
		"inngest.dev=false", "management.server.port=0", "clipworker.health.interval=1h",
		"clipworker.data-dir=target/exposure-test-data", "inngest.signing-key=" + Canaries.SIGNING_KEY,
		"inngest.signing-key-fallback=" + Canaries.FALLBACK_KEY, "inngest.event-key=" + Canaries.EVENT_KEY,
		"inngest.event-send-attempts=1", "clipworker.storage.r2.access-key-id=" + Canaries.R2_ACCESS_KEY_ID,
		"clipworker.storage.r2.secret-access-key=" + Canaries.R2_SECRET,
		"clipworker.storage.r2.bucket=" + S3MockServer.BUCKET, "clipworker.ai.groq.api-key=" + Canaries.GROQ_KEY,
		"clipworker.ai.openai.api-key=" + Canaries.OPENAI_KEY, "clipworker.ai.gemini.api-key=" + Canaries.GEMINI_KEY })
class WorkerExposureIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(WorkerExposureIntegrationTests.class);

	private static final long MAX_BODY = 5L * 1024 * 1024;

	private static final WireMockServer echo = startEcho();

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	ApplicationContext context;

	@Autowired
	HealthMonitor monitor;

	@Autowired
	InngestProperties inngest;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestDatabase database = TestDatabase.create();
		int port = TestDatabase.server().getPort();
		registry.add("clipworker.database.url", () -> "postgresql://postgres:" + Canaries.DATABASE_PASSWORD
				+ "@127.0.0.1:" + port + "/" + database.name());
		registry.add("clipworker.storage.r2.endpoint", () -> S3MockServer.get().endpoint().toString());
		String echoUrl = "http://127.0.0.1:" + echo.port();
		registry.add("inngest.base-url", () -> echoUrl);
		registry.add("clipworker.ai.groq.base-url", () -> echoUrl + "/groq");
		registry.add("clipworker.ai.openai.base-url", () -> echoUrl + "/openai");
		registry.add("clipworker.ai.gemini.base-url", () -> echoUrl + "/gemini");
	}

	/**
	 * A server that refuses everything, quoting back the credentials it received: what a
	 * careless provider or proxy might do.
	 */
	private static WireMockServer startEcho() {
		WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"message\":\"bad credentials {{request.headers.Authorization}} "
					+ "{{request.headers.x-goog-api-key}} {{request.url}}\",\"code\":\"invalid_api_key\"}}")
			.withTransformers("response-template")));
		return server;
	}

	@AfterAll
	static void stopEcho() {
		echo.stop();
	}

	// S11

	@Test
	void noSecretLeaksThroughLogsAnswersMessagesOrConfiguration(CapturedOutput output, @TempDir Path temp)
			throws Exception {
		assertThat(this.inngest.signingKey()).as("the canaries are really configured").isEqualTo(Canaries.SIGNING_KEY);
		assertThat(this.inngest.isDev()).as("cloud mode: every request signature-checked").isFalse();
		List<String> answers = new ArrayList<>();
		List<String> messages = new ArrayList<>();
		this.monitor.checkNow();
		answers.addAll(everyHttpSurface());
		messages.addAll(failingCalls(temp));
		Canaries.assertNoneIn("an HTTP answer", answers);
		Canaries.assertNoneIn("an exception message", messages);
		for (ConfigurationPropertiesBean bean : ConfigurationPropertiesBean.getAll(this.context).values()) {
			Canaries.assertNoneIn(bean.getName() + ".toString()", String.valueOf(bean.getInstance()));
		}
		assertThat(ConfigurationPropertiesBean.getAll(this.context)).as("configuration records inspected")
			.hasSizeGreaterThan(5);
		assertThat(echo.getAllServeEvents()).as("the echo server was asked, with credentials").isNotEmpty();
		assertThat(output.getAll()).as("the log was captured").contains("Started WorkerExposureIntegrationTests");
		Canaries.assertNoneIn("the log", output.getAll());
	}

	@Test
	void logLinesAreMaskedWhenTheyQuoteUrlsWithCredentials(CapturedOutput output) {
		ObjectStore store = this.context.getBean(ObjectStore.class);
		URI presigned = store.presignedGet("videos/0b9a4f3e-2c55-4c84-9a59-6ab6c1f3e1d2/source", Duration.ofMinutes(5));
		assertThat(presigned.toString()).as("a presigned URL names the access key").contains(Canaries.R2_ACCESS_KEY_ID);
		logger.info("Presigned {}", presigned);
		logger.info("Connecting to postgresql://postgres:{}@db.example.internal:5432/postgres",
				Canaries.DATABASE_PASSWORD);
		logger.warn("Driver refused jdbc:postgresql://127.0.0.1:1/db?user=postgres&password={}&ssl=true",
				Canaries.DATABASE_PASSWORD);
		logger.warn("Calling with Authorization: Bearer {}", Canaries.OPENAI_KEY,
				new IllegalStateException("failed with key " + Canaries.SIGNING_KEY));
		String log = output.getAll();
		assertThat(log).contains("Presigned http").contains("X-Amz-Credential=****").contains("postgres:****@db");
		Canaries.assertNoneIn("a masked log line", log);
		assertThat(log).as("the stack trace is printed once, masked")
			.containsOnlyOnce("java.lang.IllegalStateException: failed with key signkey-prod-****");
	}

	private List<String> everyHttpSurface() throws Exception {
		List<String> answers = new ArrayList<>();
		for (String path : List.of("/api/health", "/api/inngest", "/api/inngest?fnId=x&stepId=step", "/nope", "/error",
				"/actuator", "/actuator/env", "/actuator/configprops", "/actuator/heapdump", "/actuator/beans",
				"/actuator/health", "/actuator/prometheus", "/actuator/loggers", "/actuator/threaddump",
				"/actuator/mappings", "/actuator/metrics", "/actuator/info", "/actuator/startup")) {
			answers.add(describe(send(this.port, path, "GET", null, Map.of())));
			answers.add(describe(send(this.managementPort, path, "GET", null, Map.of())));
		}
		byte[] empty = new byte[0];
		long now = Instant.now().getEpochSecond();
		String signedEmpty = Signatures.sign(Canaries.SIGNING_KEY, empty, now);
		answers.add(describe(send(this.port, "/api/inngest", "GET", null, Map.of("X-Inngest-Signature", signedEmpty))));
		answers.add(describe(send(this.port, "/api/inngest", "PUT", empty, Map.of())));
		byte[] sync = "{\"url\":\"http://127.0.0.1/api/inngest\"}".getBytes(StandardCharsets.UTF_8);
		answers.add(describe(send(this.port, "/api/inngest", "PUT", sync, Map.of("X-Inngest-Sync-Kind", "in_band",
				"X-Inngest-Signature", Signatures.sign(Canaries.SIGNING_KEY, sync, now)))));
		byte[] call = "{\"ctx\":{\"run_id\":\"r\"},\"event\":{},\"steps\":{}}".getBytes(StandardCharsets.UTF_8);
		answers.add(describe(send(this.port, "/api/inngest?fnId=clipworker-none&stepId=step", "POST", call,
				Map.of("X-Inngest-Signature", Signatures.sign(Canaries.FALLBACK_KEY, call, now)))));
		byte[] malformed = "{\"ctx\":".getBytes(StandardCharsets.UTF_8);
		answers.add(describe(send(this.port, "/api/inngest?fnId=clipworker-none&stepId=step", "POST", malformed,
				Map.of("X-Inngest-Signature", Signatures.sign(Canaries.SIGNING_KEY, malformed, now)))));
		answers.add(describe(send(this.port, "/api/inngest?fnId=x", "POST", call,
				Map.of("X-Inngest-Signature", "t=" + now + "&s=" + "0".repeat(64)))));
		answers.add(describe(send(this.port, "/api/health", "DELETE", null, Map.of())));
		return answers;
	}

	private List<String> failingCalls(Path temp) throws IOException {
		List<String> messages = new ArrayList<>();
		messages.add(messageOf(() -> this.context.getBean(InngestEvents.class)
			.send(Event.of("video/processed", Map.of("videoId", "v")))));
		ObjectStore store = this.context.getBean(ObjectStore.class);
		messages.add(messageOf(() -> store.get("videos/0b9a4f3e-2c55-4c84-9a59-6ab6c1f3e1d2/none", temp.resolve("x"))));
		messages.add(messageOf(
				() -> this.context.getBean(JdbcClient.class).sql("select * from no_such_table").query().listOfRows()));
		for (String url : List.of("postgresql://postgres:" + Canaries.DATABASE_PASSWORD + "@host:notaport/db",
				"postgresql://postgres:" + Canaries.DATABASE_PASSWORD + "@/db",
				"mysql://postgres:" + Canaries.DATABASE_PASSWORD + "@host/db",
				"postgresql://postgres:" + Canaries.DATABASE_PASSWORD + "%zz@host/db")) {
			messages.add(messageOf(() -> DatabaseUrl.toJdbc(url)));
		}
		Path audio = Files.write(temp.resolve("chunk.opus"), new byte[2048]);
		String echoUrl = "http://127.0.0.1:" + echo.port();
		for (String provider : List.of("groq", "openai")) {
			AiProviders providers = providers(Map.of("groq.api-key", Canaries.GROQ_KEY, "groq.base-url",
					echoUrl + "/groq", "openai.api-key", Canaries.OPENAI_KEY, "openai.base-url", echoUrl + "/openai",
					"transcription.provider", provider.toUpperCase(java.util.Locale.ROOT)));
			messages.add(messageOf(() -> providers.transcription(new InMemoryAiResultCache())
				.transcribe("0b9a4f3e-2c55-4c84-9a59-6ab6c1f3e1d2",
						new com.clipworker.ai.AudioChunk(audio, 0, 60_000, null))));
		}
		Transcript transcript = new Transcript("en", List.of(new Segment("hello there world", 0, 90_000)), List
			.of(new Word("hello", 0, 30_000), new Word("there", 30_000, 60_000), new Word("world", 60_000, 90_000)));
		for (String provider : List.of("GEMINI", "GROQ", "OPENAI")) {
			AiProviders providers = providers(
					Map.of("gemini.api-key", Canaries.GEMINI_KEY, "gemini.base-url", echoUrl + "/gemini",
							"groq.api-key", Canaries.GROQ_KEY, "groq.base-url", echoUrl + "/groq", "openai.api-key",
							Canaries.OPENAI_KEY, "openai.base-url", echoUrl + "/openai", "picking.provider", provider));
			messages.add(messageOf(() -> providers.clipPicker(new InMemoryAiResultCache())
				.pick(transcript, Signals.durationOnly(90_000),
						new PickSettings(1, Duration.ofSeconds(15), Duration.ofSeconds(60), null))));
		}
		return messages;
	}

	private static AiProviders providers(Map<String, String> values) {
		AiProperties properties = new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("",
				AiProperties.class);
		return new AiProviders(properties, AiProviders.httpClient(properties), AiProviders.jsonMapper(),
				java.time.Clock.systemUTC());
	}

	/** The message chain of what a call threw, or what it returned when it did not. */
	private static String messageOf(ThrowingCall call) {
		Throwable thrown = catchThrowable(() -> {
			Object result = call.run();
			throw new AssertionError("returned " + result);
		});
		StringBuilder text = new StringBuilder();
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			text.append(t).append(" | ");
		}
		return text.toString();
	}

	@FunctionalInterface
	private interface ThrowingCall {

		Object run() throws Exception;

	}

	// S12

	@Test
	void actuatorServesOnlyPrometheusAndOnlyOnTheManagementPort() throws Exception {
		for (String path : List.of("/actuator", "/actuator/env", "/actuator/heapdump", "/actuator/configprops",
				"/actuator/beans", "/actuator/health", "/actuator/threaddump", "/actuator/loggers",
				"/actuator/mappings", "/actuator/metrics", "/actuator/shutdown", "/actuator/prometheus")) {
			assertThat(send(this.port, path, "GET", null, Map.of()).statusCode()).as("public port %s", path)
				.isEqualTo(404);
			if (!path.equals("/actuator/prometheus")) {
				assertThat(send(this.managementPort, path, "GET", null, Map.of()).statusCode())
					.as("management port %s", path)
					.isEqualTo(404);
			}
		}
		HttpResponse<byte[]> metrics = send(this.managementPort, "/actuator/prometheus", "GET", null, Map.of());
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(new String(metrics.body(), StandardCharsets.UTF_8)).contains("jvm_threads_live_threads");
		assertThat(send(this.managementPort, "/api/health", "GET", null, Map.of()).statusCode()).isEqualTo(404);
	}

	@Test
	void healthAnswersExactlyStatusServiceVersionAndChecks() throws Exception {
		this.monitor.checkNow();
		HttpResponse<byte[]> response = send(this.port, "/api/health", "GET", null, Map.of());
		JsonNode body = JsonMapper.shared().readTree(response.body());
		List<String> names = new ArrayList<>();
		body.propertyNames().forEach(names::add);
		assertThat(names).containsExactly("status", "service", "version", "checks");
		assertThat(body.get("status").asString()).isIn("ok", "degraded", "down");
		assertThat(body.get("service").asString()).isEqualTo("worker");
		assertThat(body.get("version").asString()).matches("local|[0-9a-f]{7}");
		assertThat(body.get("checks").propertyNames()).contains("database", "objectStore");
		for (Iterator<Map.Entry<String, JsonNode>> it = body.get("checks").properties().iterator(); it.hasNext();) {
			Map.Entry<String, JsonNode> check = it.next();
			assertThat(check.getValue().isString()).as(check.getKey()).isTrue();
			assertThat(check.getValue().asString()).as(check.getKey()).isIn("ok", "down");
		}
		assertThat(body.get("checks").get("database").asString()).isEqualTo("ok");
		assertThat(body.get("checks").get("objectStore").asString()).isEqualTo("ok");
	}

	// S13

	@Test
	void aDeclaredBodyOfFiveMebibytesAndOneByteIsRefusedBeforeItIsSent() throws Exception {
		for (int round = 1; round <= 3; round++) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				socket.setSoTimeout(10_000);
				OutputStream out = socket.getOutputStream();
				long start = System.nanoTime();
				out.write(("POST /api/inngest?fnId=x&stepId=step HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ "Content-Type: application/json\r\nX-Inngest-Signature: t=" + Instant.now().getEpochSecond()
						+ "&s=" + "0".repeat(64) + "\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n{")
					.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				String head = readHead(socket.getInputStream());
				long micros = (System.nanoTime() - start) / 1000;
				logger.info("413 for a declared {} byte body after {} us, 1 byte sent (round {})", MAX_BODY + 1, micros,
						round);
				assertThat(head).startsWith("HTTP/1.1 413").containsIgnoringCase("X-Inngest-SDK:");
			}
		}
	}

	@Test
	void aChunkedBodyIsCutOffOnceItPassesFiveMebibytes() throws Exception {
		for (int round = 1; round <= 3; round++) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				socket.setSoTimeout(10_000);
				OutputStream out = socket.getOutputStream();
				long start = System.nanoTime();
				out.write(("POST /api/inngest?fnId=x&stepId=step HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ "Content-Type: application/json\r\nX-Inngest-Signature: t=" + Instant.now().getEpochSecond()
						+ "&s=" + "0".repeat(64) + "\r\nTransfer-Encoding: chunked\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				byte[] chunk = new byte[64 * 1024];
				Arrays.fill(chunk, (byte) ' ');
				long sent = 0;
				while (sent <= MAX_BODY) {
					int n = (int) Math.min(chunk.length, MAX_BODY + 1 - sent);
					out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(chunk, 0, n);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
					sent += n;
				}
				out.flush();
				// The terminating chunk is never sent: the answer must not wait for it.
				String head = readHead(socket.getInputStream());
				long micros = (System.nanoTime() - start) / 1000;
				logger.info("413 for a chunked body after {} bytes and {} us, no final chunk (round {})", sent, micros,
						round);
				assertThat(sent).isEqualTo(MAX_BODY + 1);
				assertThat(head).startsWith("HTTP/1.1 413").containsIgnoringCase("X-Inngest-SDK:");
			}
		}
	}

	@Test
	void aBurstOfBadSignaturesIsRefusedWhileHealthStaysUp() throws Exception {
		this.monitor.checkNow();
		byte[] body = new byte[1024];
		Arrays.fill(body, (byte) ' ');
		List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
		List<Integer> health = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/inngest?fnId=x"))
				.header("X-Inngest-Signature", "t=" + Instant.now().getEpochSecond() + "&s=" + "ab".repeat(32))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			answers.add(this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
			if (i % 100 == 0) {
				health.add(send(this.port, "/api/health", "GET", null, Map.of()).statusCode());
			}
		}
		Map<Integer, Integer> statuses = new java.util.TreeMap<>();
		String sample = "";
		for (var answer : answers) {
			statuses.merge(answer.get().statusCode(), 1, Integer::sum);
			sample = answer.get().statusCode() + " " + answer.get().headers().map() + " " + answer.get().body();
		}
		assertThat(statuses).as(sample).containsExactly(Map.entry(401, 500));
		assertThat(health).hasSize(5).containsOnly(200);
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		while (matched < end.length) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == end[0]) ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII);
	}

	private HttpResponse<byte[]> send(int port, String path, String method, byte[] body, Map<String, String> headers)
			throws Exception {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofByteArray(body)
					: HttpRequest.BodyPublishers.noBody());
		headers.forEach(builder::header);
		if (body != null) {
			builder.header("Content-Type", "application/json");
		}
		return this.client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private static String describe(HttpResponse<byte[]> response) {
		return response.request().method() + " " + response.uri() + " -> " + response.statusCode() + " "
				+ response.headers().map() + " " + new String(response.body(), StandardCharsets.UTF_8);
	}

}
