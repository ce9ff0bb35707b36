package com.clipworker.inngest;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.clipworker.inngest.conformance.ConformanceFixture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static com.clipworker.inngest.TestRequests.body;
import static com.clipworker.inngest.TestRequests.event;
import static com.clipworker.inngest.TestRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed POSTs that replay a function with 20 memoized steps and run the 21st, on
 * loopback, the load generator in the same JVM sharing the cores. Prints requests per
 * second, p50 and p99 latency, and the bytes the handler allocates per request. Run with
 * {@code ./mvnw -B -ntp verify -Dtest=InngestEndpointBenchmarkTests -Dexcluded.test.groups=}.
 */
@Tag("benchmark")
class InngestEndpointBenchmarkTests {

	private static final Logger logger = LoggerFactory.getLogger(InngestEndpointBenchmarkTests.class);

	private static final int STEPS = 20;

	private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 16);

	private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("benchmark.warmup", 5));

	private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("benchmark.seconds", 15));

	static InngestFunction function() {
		return InngestFunction.builder("bench").handler((ctx, step) -> {
			int total = 0;
			for (int i = 0; i <= STEPS; i++) {
				int index = i;
				Integer value = step.run("step-" + i, Integer.class, () -> index);
				total += (value != null) ? value : 0;
			}
			return total;
		});
	}

	static byte[] requestBody() {
		Map<String, @Nullable JsonNode> steps = new LinkedHashMap<>();
		for (int i = 0; i < STEPS; i++) {
			steps.put(StepIds.hash("step-" + i), json("{\"data\":" + i + "}"));
		}
		return body(event("video/uploaded", "{\"videoId\":\"v1\",\"ownerId\":\"o1\"}"), steps,
				new ArrayList<>(steps.keySet()), 0, false);
	}

	@Test
	void signedReplayOfTwentyStepsOverHttp() throws Exception {
		String key = SignaturesTests.KEY;
		ConfigurableApplicationContext context = ConformanceFixture.start(List.of(function()), "--server.port=0",
				"--inngest.app-id=app", "--inngest.dev=0", "--inngest.signing-key=" + key, "--logging.level.root=warn");
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			URI uri = URI.create("http://127.0.0.1:" + port + "/api/inngest?fnId=app-bench&stepId=step");
			byte[] body = requestBody();
			HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			run(client, uri, key, body, WARMUP, null);
			long[] latencies = new long[2_000_000];
			AtomicLong count = new AtomicLong();
			long start = System.nanoTime();
			run(client, uri, key, body, MEASURE, (nanos) -> {
				long index = count.getAndIncrement();
				if (index < latencies.length) {
					latencies[(int) index] = nanos;
				}
			});
			double seconds = (System.nanoTime() - start) / 1e9;
			int n = (int) Math.min(count.get(), latencies.length);
			long[] sorted = Arrays.copyOf(latencies, n);
			Arrays.sort(sorted);
			logger.warn(String.format(
					"inngest endpoint: %d requests in %.1f s = %.0f req/s, p50 %.2f ms, p99 %.2f ms"
							+ " (concurrency %d, %d cores)",
					n, seconds, n / seconds, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, CONCURRENCY,
					Runtime.getRuntime().availableProcessors()));
			assertThat(n).isPositive();
		}
		finally {
			context.close();
		}
	}

	@Test
	void bytesAllocatedPerHandledRequest() {
		String key = SignaturesTests.KEY;
		InngestHandler handler = TestHandlers.handler(InngestProperties.of("app", key, false), List.of(function()));
		byte[] body = requestBody();
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long thread = Thread.currentThread().threadId();
		for (int i = 0; i < 20_000; i++) {
			assertThat(
					handler.handle(TestRequests.post("app-bench", "step", body).signed(key, TestHandlers.NOW)).status())
				.isEqualTo(206);
		}
		int requests = 50_000;
		long before = threads.getThreadAllocatedBytes(thread);
		long start = System.nanoTime();
		for (int i = 0; i < requests; i++) {
			handler.handle(TestRequests.post("app-bench", "step", body).signed(key, TestHandlers.NOW));
		}
		long elapsed = System.nanoTime() - start;
		long allocated = threads.getThreadAllocatedBytes(thread) - before;
		logger.warn(String.format(
				"inngest handler: %d bytes allocated per request (request building and client"
						+ " signing included), %.0f requests/s on one thread",
				allocated / requests, requests / (elapsed / 1e9)));
		assertThat(allocated).isPositive();
	}

	private static void run(HttpClient client, URI uri, String key, byte[] body, Duration duration,
			java.util.function.@Nullable LongConsumer latency) throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> loops = new ArrayList<>();
			for (int c = 0; c < CONCURRENCY; c++) {
				loops.add(pool.submit(() -> {
					long signedAt = 0;
					String signature = null;
					while (System.nanoTime() < end) {
						long now = System.currentTimeMillis() / 1000;
						if (now != signedAt) {
							signedAt = now;
							signature = Signatures.sign(key, body, now);
						}
						HttpRequest request = HttpRequest.newBuilder(uri)
							.header("Content-Type", "application/json")
							.header("X-Inngest-Signature", signature)
							.POST(HttpRequest.BodyPublishers.ofByteArray(body))
							.build();
						long start = System.nanoTime();
						HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
						long nanos = System.nanoTime() - start;
						if (response.statusCode() != 206) {
							throw new IllegalStateException("status " + response.statusCode());
						}
						if (latency != null) {
							latency.accept(nanos);
						}
					}
					return null;
				}));
			}
			for (Future<?> loop : loops) {
				loop.get();
			}
		}
	}

}
