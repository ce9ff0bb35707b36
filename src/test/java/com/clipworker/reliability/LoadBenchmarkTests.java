package com.clipworker.reliability;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.clipworker.inngest.Event;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reliability.md L1, L2 and the load item, against one worker process in cloud
 * mode (every request signature-checked) driven by the executor harness over loopback.
 * Figures, not assertions: the numbers are logged and written to
 * {@code target/benchmarks/load.txt}; the only assertions are that every run completes
 * and every flood request is refused. Bounded: each phase stops by itself after its
 * duration.
 * <p>
 * {@code ./mvnw -B -ntp verify -Pbenchmark -Dtest=LoadBenchmarkTests
 * -Dsurefire.failIfNoSpecifiedTests=false} (knobs: {@code -Dload.seconds},
 * {@code -Dload.floodRate})
 */
@Tag("benchmark")
class LoadBenchmarkTests {

	private static final String KEY = "signkey-test-" + "0a1b2c3d4e5f60718293a4b5c6d7e8f9".repeat(2);

	private static final int SECONDS = Integer.getInteger("load.seconds", 20);

	private static final int FLOOD_RATE = Integer.getInteger("load.floodRate", 1000);

	@TempDir
	static Path temp;

	private static LoadWorker load;

	@BeforeAll
	static void startWorker() {
		load = LoadWorker.start(KEY, temp, List.of("-Xmx512m"), Map.of(), "load.txt");
		load.record(
				"worker: cloud mode, -Xmx512m, virtual threads; load generator and harness in the test JVM; %d cores",
				Runtime.getRuntime().availableProcessors());
	}

	@AfterAll
	static void stop() {
		if (load != null) {
			load.close();
		}
	}

	@Test
	void concurrentShortRunsAllComplete() throws Exception {
		runConcurrently(10, Duration.ofSeconds(5), "warm-up, N=10");
		for (int n : new int[] { 10, 50 }) {
			runConcurrently(n, Duration.ofSeconds(SECONDS), "N=" + n);
		}
	}

	/**
	 * N clients, each starting a run, waiting for its end and starting the next, for a
	 * while.
	 */
	private void runConcurrently(int n, Duration length, String label) throws Exception {
		Sampler sampler = new Sampler();
		int before = load.harness.timings().size();
		long start = System.nanoTime();
		long deadline = start + length.toNanos();
		AtomicLong completed = new AtomicLong();
		List<RunResult> failures = new CopyOnWriteArrayList<>();
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < n; c++) {
			int client = c;
			clients.add(Thread.ofVirtual().start(() -> {
				while (System.nanoTime() < deadline) {
					RunHandle run = load.harness.send(Event.of("test/probe.short", Map.of("client", client))).get(0);
					RunResult result = load.harness.awaitCompletion(run, Duration.ofMinutes(2));
					if (result.status() == RunResult.Status.COMPLETED) {
						completed.incrementAndGet();
					}
					else {
						failures.add(result);
					}
				}
			}));
		}
		for (Thread client : clients) {
			client.join();
		}
		long millis = (System.nanoTime() - start) / 1_000_000;
		sampler.stop();
		assertThat(failures).as("runs that did not complete").isEmpty();
		List<StepTiming> timings = load.harness.timings().subList(before, load.harness.timings().size());
		load.record(
				"%s concurrent clients running probe-short (3 requests a run) for %d s: %d runs, all completed "
						+ "(%.0f runs/s); request p50 %s, p99 %s; worker threads max %d, heap used max %.1f MB; "
						+ "/api/health p50 %s, p99 %s over %d polls",
				label, length.toSeconds(), completed.get(), completed.get() * 1000.0 / millis,
				LoadWorker.percentile(durations(timings), 50), LoadWorker.percentile(durations(timings), 99),
				sampler.maxThreads, sampler.maxHeap / 1e6, LoadWorker.percentile(sampler.health, 50),
				LoadWorker.percentile(sampler.health, 99), sampler.health.size());
	}

	@Test
	void validTrafficDuringABadSignatureFlood() throws Exception {
		validTraffic(Duration.ofSeconds(5), null);
		Latencies baseline = validTraffic(Duration.ofSeconds(SECONDS), null);
		load.record("valid traffic alone, %d s: %d requests, p50 %s, p99 %s, max %s", SECONDS, baseline.valid.size(),
				LoadWorker.percentile(baseline.valid, 50), LoadWorker.percentile(baseline.valid, 99),
				LoadWorker.percentile(baseline.valid, 100));
		Duration cpuBefore = cpu();
		Flood alone = flood(Duration.ofSeconds(SECONDS));
		Duration cpuFlood = cpu().minus(cpuBefore);
		load.record(
				"flood alone, %d s at %d/s target: %d sent, statuses %s, reject p50 %s p99 %s; worker CPU %d ms, "
						+ "%.3f ms CPU per reject (all of Tomcat's HTTP handling included)",
				SECONDS, FLOOD_RATE, alone.sent.get(), alone.statuses, LoadWorker.percentile(alone.latencies, 50),
				LoadWorker.percentile(alone.latencies, 99), cpuFlood.toMillis(),
				cpuFlood.toNanos() / 1e6 / Math.max(1, alone.sent.get()));
		assertThat(alone.statuses.keySet()).containsOnly(401);
		Latencies mixed = validTraffic(Duration.ofSeconds(SECONDS), Duration.ofSeconds(SECONDS));
		load.record(
				"valid traffic during the flood, %d s: %d requests, p50 %s, p99 %s, max %s; flood %d sent, statuses %s",
				SECONDS, mixed.valid.size(), LoadWorker.percentile(mixed.valid, 50),
				LoadWorker.percentile(mixed.valid, 99), LoadWorker.percentile(mixed.valid, 100), mixed.flood.sent.get(),
				mixed.flood.statuses);
		assertThat(mixed.flood.statuses.keySet()).containsOnly(401);
	}

	/**
	 * Four clients each running probe-short runs back to back, optionally beside a flood.
	 */
	private Latencies validTraffic(Duration length, Duration floodLength) throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		Flood[] flood = new Flood[1];
		Thread floodThread = null;
		if (floodLength != null) {
			floodThread = Thread.ofPlatform().start(() -> flood[0] = flood(floodLength));
		}
		int before = load.harness.timings().size();
		List<Thread> clients = new ArrayList<>();
		AtomicLong failed = new AtomicLong();
		long deadline = System.nanoTime() + length.toNanos();
		for (int c = 0; c < 4; c++) {
			clients.add(Thread.ofVirtual().start(() -> {
				while (running.get() && System.nanoTime() < deadline) {
					RunHandle run = load.harness.send(Event.of("test/probe.short", Map.of())).get(0);
					if (load.harness.awaitCompletion(run, Duration.ofMinutes(1))
						.status() != RunResult.Status.COMPLETED) {
						failed.incrementAndGet();
					}
				}
			}));
		}
		for (Thread c : clients) {
			c.join();
		}
		if (floodThread != null) {
			floodThread.join();
		}
		assertThat(failed.get()).as("failed runs").isZero();
		List<StepTiming> timings = load.harness.timings().subList(before, load.harness.timings().size());
		return new Latencies(durations(timings), flood[0]);
	}

	/** Bad-signature POSTs with 1 KB bodies at a fixed rate, for a fixed time. */
	private Flood flood(Duration length) {
		Flood flood = new Flood();
		byte[] body = new byte[1024];
		Arrays.fill(body, (byte) 'x');
		body[0] = '{';
		body[body.length - 1] = '}';
		Semaphore inFlight = new Semaphore(256);
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
		int perTick = Math.max(1, FLOOD_RATE / 100);
		long end = System.nanoTime() + length.toNanos();
		ticker.scheduleAtFixedRate(() -> {
			for (int i = 0; i < perTick; i++) {
				if (!inFlight.tryAcquire()) {
					flood.dropped.incrementAndGet();
					continue;
				}
				long started = System.nanoTime();
				HttpRequest request = load.badSignaturePost(body, Duration.ofSeconds(10));
				flood.sent.incrementAndGet();
				load.client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
					.whenComplete((response, error) -> {
						inFlight.release();
						flood.latencies.add(Duration.ofNanos(System.nanoTime() - started));
						flood.statuses.merge((response != null) ? response.statusCode() : -1, 1, Integer::sum);
					});
			}
		}, 0, 10, TimeUnit.MILLISECONDS);
		WorkerProcess.await(() -> System.nanoTime() > end, length.plusSeconds(5), "the flood to end");
		ticker.shutdownNow();
		WorkerProcess.await(() -> inFlight.availablePermits() == 256, Duration.ofSeconds(30), "the flood's answers");
		return flood;
	}

	private static Duration cpu() {
		return ProcessHandle.of(load.process.pid())
			.flatMap((p) -> p.info().totalCpuDuration())
			.orElseThrow(() -> new AssertionError("no CPU time for the worker"));
	}

	private static List<Duration> durations(List<StepTiming> timings) {
		return timings.stream().filter((t) -> t.delivery() == 0).map(StepTiming::duration).toList();
	}

	private static final class Flood {

		final AtomicLong sent = new AtomicLong();

		final AtomicLong dropped = new AtomicLong();

		final List<Duration> latencies = new CopyOnWriteArrayList<>();

		final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();

	}

	private record Latencies(List<Duration> valid, Flood flood) {
	}

	/**
	 * Samples the worker's threads and heap (its Prometheus endpoint) and health latency.
	 */
	private static final class Sampler {

		volatile int maxThreads;

		volatile double maxHeap;

		final List<Duration> health = new CopyOnWriteArrayList<>();

		private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

		Sampler() {
			this.timer.scheduleWithFixedDelay(this::sample, 0, 100, TimeUnit.MILLISECONDS);
		}

		private void sample() {
			try {
				long start = System.nanoTime();
				HttpResponse<String> response = load.client.send(
						HttpRequest.newBuilder(load.url("/api/health")).build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					this.health.add(Duration.ofNanos(System.nanoTime() - start));
				}
				String metrics = load.prometheus();
				double heap = 0;
				for (String line : metrics.lines().toList()) {
					if (line.startsWith("jvm_threads_live_threads")) {
						this.maxThreads = Math.max(this.maxThreads, (int) value(line));
					}
					if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
						heap += value(line);
					}
				}
				this.maxHeap = Math.max(this.maxHeap, heap);
			}
			catch (IOException | RuntimeException ex) {
				// a missed sample
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static double value(String line) {
			return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
		}

		void stop() {
			this.timer.shutdownNow();
		}

	}

}
