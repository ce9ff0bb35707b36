package com.clipworker.inngest;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import com.clipworker.inngest.conformance.ConformanceFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint through Tomcat on a real port, in cloud mode: SDK headers on error paths,
 * a chunked body cut off while it is read, and the fixture's health route.
 */
class InngestEndpointIntegrationTests {

	private static ConfigurableApplicationContext context;

	private static URI base;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void start() {
		context = ConformanceFixture.start("--server.port=0", "--inngest.dev=0",
				"--inngest.signing-key=" + SignaturesTests.KEY);
		base = URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	private HttpResponse<String> send(HttpRequest request) throws Exception {
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void unsignedRequestsAreUnauthorizedWithTheSdkHeaders() throws Exception {
		for (String method : new String[] { "GET", "POST" }) {
			HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/inngest?fnId=x&stepId=step"))
				.method(method, HttpRequest.BodyPublishers.ofString("{}"))
				.build());
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
			assertThat(response.headers().firstValue("X-Inngest-SDK")).hasValue("clipworker-java:v0.1.0");
			assertThat(response.headers().firstValue("X-Inngest-Req-Version")).hasValue("2");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		}
	}

	@Test
	void otherMethodsGetMethodNotAllowedWithTheSdkHeaders() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/inngest"))
			.method("PATCH", HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("X-Inngest-SDK")).hasValue("clipworker-java:v0.1.0");
	}

	@Test
	void aChunkedBodyOverTheLimitIsCutOffWhileReading() throws Exception {
		byte[] chunk = new byte[64 * 1024];
		Arrays.fill(chunk, (byte) ' ');
		AtomicLong sent = new AtomicLong();
		long total = 64L * 1024 * 1024;
		InputStream endless = new InputStream() {

			@Override
			public int read() {
				return (sent.getAndIncrement() < total) ? ' ' : -1;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (sent.get() >= total) {
					return -1;
				}
				int n = Math.min(length, chunk.length);
				System.arraycopy(chunk, 0, buffer, offset, n);
				sent.addAndGet(n);
				return n;
			}

		};
		long t = System.currentTimeMillis() / 1000;
		HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/inngest?fnId=conformance-java-x&stepId=step"))
			.header("X-Inngest-Signature", "t=" + t + "&s=" + "0".repeat(64))
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless))
			.build();
		HttpResponse<String> response;
		try {
			response = send(request);
		}
		catch (java.io.IOException ex) {
			// The server closed the connection after answering, before the client
			// finished.
			assertThat(sent.get()).isLessThan(total);
			return;
		}
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("X-Inngest-SDK")).hasValue("clipworker-java:v0.1.0");
	}

	@Test
	void theFixtureAnswersHealth() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/health")).build());
		assertThat(response.statusCode()).isEqualTo(200);
	}

}
