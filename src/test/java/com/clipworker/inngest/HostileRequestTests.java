package com.clipworker.inngest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static com.clipworker.inngest.TestRequests.body;
import static com.clipworker.inngest.TestRequests.event;
import static com.clipworker.inngest.TestRequests.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken requests in cloud mode: each gets the right status with the SDK
 * headers, and no user code runs.
 */
class HostileRequestTests {

	static final String KEY = SignaturesTests.KEY;

	static final String FALLBACK = "signkey-test-0123456789abcdef0123456789abcdef";

	private final AtomicInteger runs = new AtomicInteger();

	private final InngestHandler handler = TestHandlers.handler(TestHandlers.cloud().withSigningKeyFallback(FALLBACK),
			List.of(InngestFunction.builder("guarded").handler((ctx, step) -> this.runs.incrementAndGet())));

	private final byte[] body = body(event("video/uploaded", "{\"videoId\":\"v1\"}"), Map.of(), List.of(), 0, false);

	private InngestResponse send(TestRequests.Request request) {
		InngestResponse response = this.handler.handle(request);
		assertThat(response.headers()).containsEntry("X-Inngest-SDK", "clipworker-java:v0.1.0")
			.containsEntry("X-Inngest-Req-Version", "2")
			.containsEntry("Content-Type", "application/json");
		return response;
	}

	private void assertUnauthorized(TestRequests.Request request) {
		InngestResponse response = send(request);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.bodyText()).isEqualTo("{\"message\":\"Unauthorized\"}");
		assertThat(response.headers()).doesNotContainKey("X-Inngest-Signature");
		assertThat(this.runs).hasValue(0);
	}

	@Test
	void aSignedRequestRunsAndItsResponseIsSigned() {
		InngestResponse response = send(post("app-guarded", "step", this.body).signed(KEY, TestHandlers.NOW));
		assertThat(response.status()).isEqualTo(200);
		assertThat(this.runs).hasValue(1);
		String signature = response.headers().get("X-Inngest-Signature");
		assertThat(signature).isEqualTo(Signatures.sign(KEY, response.body(), TestHandlers.NOW));
	}

	@Test
	void theFallbackKeyIsAcceptedAndSignsTheResponse() {
		InngestResponse response = send(post("app-guarded", "step", this.body).signed(FALLBACK, TestHandlers.NOW));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers().get("X-Inngest-Signature"))
			.isEqualTo(Signatures.sign(FALLBACK, response.body(), TestHandlers.NOW));
	}

	@Test
	void unsignedIsUnauthorized() {
		assertUnauthorized(post("app-guarded", "step", this.body));
	}

	@Test
	void wrongKeyIsUnauthorized() {
		assertUnauthorized(post("app-guarded", "step", this.body).signed("signkey-test-abcdef", TestHandlers.NOW));
	}

	@Test
	void expiredIsUnauthorized() {
		assertUnauthorized(post("app-guarded", "step", this.body).signed(KEY, TestHandlers.NOW - 301));
	}

	@Test
	void aValidRequestReplayedAfterFiveMinutesIsUnauthorized() {
		TestRequests.Request original = post("app-guarded", "step", this.body).signed(KEY, TestHandlers.NOW - 300);
		assertThat(send(original).status()).isEqualTo(200);
		InngestHandler later = TestHandlers.handler(TestHandlers.cloud(),
				List.of(InngestFunction.builder("guarded").handler((ctx, step) -> this.runs.incrementAndGet())));
		TestRequests.Request replay = post("app-guarded", "step", this.body).header("X-Inngest-Signature",
				Signatures.sign(KEY, this.body, TestHandlers.NOW - 301));
		InngestResponse response = later.handle(replay);
		assertThat(response.status()).isEqualTo(401);
		assertThat(this.runs).hasValue(1);
	}

	@Test
	void fromTheFutureIsUnauthorized() {
		assertUnauthorized(post("app-guarded", "step", this.body).signed(KEY, TestHandlers.NOW + 301));
	}

	@Test
	void malformedHeadersAreUnauthorized() {
		String s = Signatures.sign(KEY, this.body, TestHandlers.NOW)
			.substring(("t=" + TestHandlers.NOW + "&s=").length());
		for (String header : List.of("garbage", "t=" + TestHandlers.NOW, "s=" + s,
				"t=0x" + Long.toHexString(TestHandlers.NOW) + "&s=" + s, "t=" + TestHandlers.NOW + "&s=" + s + "&x=1",
				"t= " + TestHandlers.NOW + "&s=" + s)) {
			assertUnauthorized(post("app-guarded", "step", this.body).header("X-Inngest-Signature", header));
		}
	}

	@Test
	void aBodyChangedAfterSigningIsUnauthorized() {
		byte[] changed = new String(this.body, StandardCharsets.UTF_8).replace("v1", "v2")
			.getBytes(StandardCharsets.UTF_8);
		assertUnauthorized(post("app-guarded", "step", changed).header("X-Inngest-Signature",
				Signatures.sign(KEY, this.body, TestHandlers.NOW)));
	}

	@Test
	void aSixMebibyteBodyIsTooLarge() {
		byte[] huge = new byte[6 * 1024 * 1024];
		Arrays.fill(huge, (byte) ' ');
		InngestResponse declared = send(post("app-guarded", "step", huge).signed(KEY, TestHandlers.NOW));
		assertThat(declared.status()).isEqualTo(413);
		InngestResponse chunked = send(post("app-guarded", "step", huge).signed(KEY, TestHandlers.NOW).chunked());
		assertThat(chunked.status()).isEqualTo(413);
		assertThat(this.runs).hasValue(0);
	}

	@Test
	void deeplyNestedJsonIsRejected() {
		String nested = "[".repeat(100_000) + "]".repeat(100_000);
		byte[] deep = ("{\"ctx\":{\"run_id\":\"r\"},\"event\":{\"name\":\"x\",\"data\":{\"a\":" + nested + "}}}")
			.getBytes(StandardCharsets.UTF_8);
		InngestResponse response = send(post("app-guarded", "step", deep).signed(KEY, TestHandlers.NOW));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.headers()).containsEntry("X-Inngest-No-Retry", "true");
		assertThat(this.runs).hasValue(0);
	}

	@Test
	void invalidUtf8IsRejected() {
		byte[] invalid = "{\"ctx\":{\"run_id\":\"r\"},\"event\":{\"name\":\"x?\"}}".getBytes(StandardCharsets.UTF_8);
		invalid[invalid.length - 4] = (byte) 0xff;

		InngestResponse response = send(post("app-guarded", "step", invalid).signed(KEY, TestHandlers.NOW));

		assertThat(response.status()).isEqualTo(400);
		assertThat(this.runs).hasValue(0);
	}

	@Test
	void anUnknownFunctionIsARetriedError() {
		InngestResponse response = send(post("app-nope", "step", this.body).signed(KEY, TestHandlers.NOW));
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.headers()).containsEntry("X-Inngest-No-Retry", "false");
		assertThat(response.bodyText()).contains("app-nope").contains("was not found in this app");
	}

	@Test
	void probes() {
		TestRequests.Request trust = post("app-guarded", null, this.body).signed(KEY, TestHandlers.NOW);
		trust.query.put("probe", "trust");
		InngestResponse trusted = send(trust);
		assertThat(trusted.status()).isEqualTo(200);
		assertThat(trusted.headers()).containsKey("X-Inngest-Signature");
		TestRequests.Request unknown = post("app-guarded", null, this.body).signed(KEY, TestHandlers.NOW);
		unknown.query.put("probe", "other");
		InngestResponse refused = send(unknown);
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.bodyText()).contains("Unknown probe \\\"other\\\"");
		TestRequests.Request unsigned = post("app-guarded", null, this.body);
		unsigned.query.put("probe", "trust");
		assertUnauthorized(unsigned);
		assertThat(this.runs).hasValue(0);
	}

	@Test
	void otherMethodsAreNotAllowed() {
		InngestResponse response = send(new TestRequests.Request("DELETE", new byte[0]));
		assertThat(response.status()).isEqualTo(405);
	}

	@Test
	void anUnsignedGetInCloudModeIsUnauthorized() {
		assertUnauthorized(new TestRequests.Request("GET", new byte[0]));
	}

	@Test
	void bufferedBytesAreBoundedAcrossRequests() {
		InngestProperties small = new InngestProperties("app", KEY, null, null, null, null, null, null, null, null,
				null, true, org.springframework.util.unit.DataSize.ofKilobytes(64),
				org.springframework.util.unit.DataSize.ofBytes(100), java.time.Duration.ofMinutes(5),
				java.time.Duration.ofSeconds(1), 1, 60);
		InngestHandler tight = TestHandlers.handler(small,
				List.of(InngestFunction.builder("guarded").handler((ctx, step) -> this.runs.incrementAndGet())));
		InngestResponse response = tight.handle(post("app-guarded", "step", this.body).signed(KEY, TestHandlers.NOW));
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.headers()).containsEntry("Retry-After", "1");
		assertThat(this.runs).hasValue(0);
	}

}
