package com.clipworker.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.clipworker.db.ClipsStatus;
import com.clipworker.db.ExportStatus;
import com.clipworker.db.Video;
import com.clipworker.db.VideoStatus;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.storage.LocalDiskObjectStore;
import com.clipworker.storage.ObjectKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.clipworker.reliability.LoadWorker.percentile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load against one worker process started with the production JVM flags (the Dockerfile's
 * {@code -Xmx256m -Xss512k -XX:+UseSerialGC}) and the media engine's default limits (on 2
 * cores: 1 heavy encode, 2 light ffmpeg/ffprobe tasks, 1 Chromium render), every request
 * signature-checked, driven by the executor harness:
 * <ul>
 * <li>L1 with real media: N = 10, then N = 50 whole pipelines started at once
 * (process-video on distinct 360p sources, the generate-clips run it fans out, one
 * captioned vertical export of the first clip);</li>
 * <li>S13: 1,000 bad-signature POSTs with 4 MiB bodies beside valid runs, post-GC heap
 * before, during and after.</li>
 * </ul>
 * While they run a sampler polls {@code /api/health}, the worker's Prometheus endpoint
 * and its process tree (ffmpeg, ffprobe and Chromium children, RSS). Figures go to the
 * log and {@code target/benchmarks/production-flags-load.txt}; the assertions are the
 * invariants only (every run completes, no more media processes than the limits, no
 * out-of-memory, heap flat after the flood), never timings.
 * <p>
 * {@code ./mvnw -B -ntp verify -Pbenchmark -Dtest=ProductionFlagsLoadBenchmarkTests
 * -Dsurefire.failIfNoSpecifiedTests=false} (knob: {@code -Dload.sampleSeconds}, the
 * source length, default 12)
 */
@Tag("benchmark")
class ProductionFlagsLoadBenchmarkTests {

	private static final String KEY = "signkey-test-" + "1b2c3d4e5f60718293a4b5c6d7e8f90a".repeat(2);

	private static final List<String> JVM_FLAGS = List.of("-Xms32m", "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC");

	private static final long HEAP_CAP = 256L * 1024 * 1024;

	private static final int HEAVY_SLOTS = 1;

	private static final int LIGHT_SLOTS = 2;

	private static final int BROWSER_SLOTS = 1;

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(45);

	private static final int SAMPLE_SECONDS = Integer.getInteger("load.sampleSeconds", 12);

	@TempDir
	static Path temp;

	private static LoadWorker load;

	private static LocalDiskObjectStore store;

	@BeforeAll
	static void startWorker() {
		assertThat(Runtime.getRuntime().availableProcessors())
			.as("the default media limits asserted here are those of 2 cores")
			.isEqualTo(2);
		// One clip per video, of a length a short source can give; small exports. The
		// media engine's limits stay at their defaults.
		load = LoadWorker.start(KEY, temp, JVM_FLAGS,
				Map.of("CLIPWORKER_AI_PICKING_COUNT", "1", "CLIPWORKER_AI_PICKING_MINDURATION", "6s",
						"CLIPWORKER_AI_PICKING_MAXDURATION", "15s", "CLIPWORKER_MEDIA_EXPORT_VERTICAL", "360x640"),
				"production-flags-load.txt");
		store = new LocalDiskObjectStore(load.data.resolve("objects"), load.url(""), new byte[32], Clock.systemUTC());
		load.record(
				"worker: %s, cloud signatures, media limits at their defaults (%d heavy, %d light, %d browser); "
						+ "harness and load generator in the test JVM on the same %d cores",
				String.join(" ", JVM_FLAGS), HEAVY_SLOTS, LIGHT_SLOTS, BROWSER_SLOTS,
				Runtime.getRuntime().availableProcessors());
	}

	@AfterAll
	static void stop() {
		if (load != null) {
			load.close();
		}
	}

	@Test
	void concurrentMediaPipelinesStayWithinTheMediaLimits() throws Exception {
		Path sample = sample(SAMPLE_SECONDS);
		for (int n : new int[] { 10, 50 }) {
			pipelinesAtOnce(n, sample);
		}
	}

	@Test
	void largeBadSignatureBodiesLeaveTheHeapFlat() throws Exception {
		byte[] body = new byte[4 * 1024 * 1024];
		Arrays.fill(body, (byte) 'x');
		body[0] = '{';
		body[body.length - 1] = '}';
		// Warm-up: the 401 and 503 paths and their metrics exist before the baseline.
		runShort(Duration.ofSeconds(5));
		flood(64, 32, body);
		long before = postGcHeap();
		Sampler sampler = new Sampler();
		AtomicBoolean flooding = new AtomicBoolean(true);
		List<Long> during = new CopyOnWriteArrayList<>();
		Thread gcSampler = Thread.ofPlatform().start(() -> {
			while (flooding.get()) {
				LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
				if (flooding.get()) {
					during.add(postGcHeap());
				}
			}
		});
		AtomicLong validRuns = new AtomicLong();
		List<RunResult> failedRuns = new CopyOnWriteArrayList<>();
		int timingsBefore = load.harness.timings().size();
		List<Thread> validClients = new ArrayList<>();
		for (int c = 0; c < 4; c++) {
			validClients.add(Thread.ofVirtual().start(() -> {
				while (flooding.get()) {
					RunHandle run = load.harness.send(Event.of("test/probe.short", Map.of())).get(0);
					RunResult result = load.harness.awaitCompletion(run, Duration.ofMinutes(2));
					if (result.completed()) {
						validRuns.incrementAndGet();
					}
					else {
						failedRuns.add(result);
					}
				}
			}));
		}
		Map<String, Double> answeredBefore = metrics().postStatuses();
		long started = System.nanoTime();
		Flood flood = flood(1000, 32, body);
		long floodMillis = (System.nanoTime() - started) / 1_000_000;
		flooding.set(false);
		gcSampler.join();
		for (Thread c : validClients) {
			c.join();
		}
		sampler.stop();
		long after = postGcHeap();
		Map<String, Double> answered = metrics().postStatuses();
		answeredBefore.forEach((status, count) -> answered.merge(status, -count, Double::sum));
		List<Duration> valid = load.harness.timings()
			.subList(timingsBefore, load.harness.timings().size())
			.stream()
			.filter((t) -> t.delivery() == 0)
			.map(StepTiming::duration)
			.toList();
		load.record(
				"S13: 1,000 bad-signature POSTs with 4 MiB bodies, 32 at a time, in %.1f s (%.0f MiB/s): statuses %s, "
						+ "answer p50 %s, p99 %s, max %s; the worker's own count of POST answers in that time (valid traffic "
						+ "included) %s",
				floodMillis / 1000.0, 4000.0 * 1000 / floodMillis, flood.statuses, percentile(flood.latencies, 50),
				percentile(flood.latencies, 99), percentile(flood.latencies, 100), answered);
		load.record(
				"S13 heap after a full GC: before %.1f MiB, during %s MiB, after %.1f MiB (cap %d MiB); heap used max "
						+ "%.1f MiB; worker RSS max %.1f MiB, peak (VmHWM) %.1f MiB",
				mib(before), mibs(during), mib(after), HEAP_CAP >> 20, mib(sampler.maxHeap.get()),
				mib(sampler.maxWorkerRss.get()), mib(peakRss()));
		load.record(
				"S13 valid traffic beside the flood: %d probe-short runs completed, %d failed; request p50 %s, p99 %s, "
						+ "max %s; /api/health %s",
				validRuns.get(), failedRuns.size(), percentile(valid, 50), percentile(valid, 99),
				percentile(valid, 100), sampler.healthFigures());
		assertThat(flood.statuses.keySet())
			.as("answers to the flood: 401 read and refused, 503 body budget full "
					+ "(answered before the body is read, so the server may close the connection while the client "
					+ "still sends it)")
			.allMatch((status) -> status.equals("401") || status.equals("503") || status.startsWith("IOException"));
		assertThat(flood.statuses.getOrDefault("401", 0)).as("requests read and refused").isPositive();
		assertThat(answered.getOrDefault("401", 0.0) + answered.getOrDefault("503", 0.0))
			.as("flood requests the worker answered 401 or 503 (the client may lose a 503 to the reset)")
			.isGreaterThanOrEqualTo(1000);
		assertThat(answered.keySet()).as("statuses the worker answered POSTs with")
			.isSubsetOf("200", "206", "401", "503");
		assertThat(failedRuns).as("valid runs that did not complete").isEmpty();
		assertThat(validRuns.get()).as("valid runs completed during the flood").isPositive();
		assertThat(sampler.healthFailures.keySet()).as("health polls not answered at all")
			.allMatch((failure) -> failure.startsWith("503 "));
		assertNoOutOfMemory();
		assertThat(during).as("post-GC heap during the flood: the 64 MB body budget bounds the bodies held")
			.allMatch((live) -> live <= before + (96L << 20));
		assertThat(after).as("post-GC heap after the flood against before").isLessThanOrEqualTo(before + (16L << 20));
	}

	/**
	 * N pipelines started at once: process-video, then the generate-clips run it fans
	 * out, then one captioned export of the first clip, each video by its own owner.
	 */
	private void pipelinesAtOnce(int n, Path sample) throws Exception {
		List<Upload> uploads = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			uploads.add(upload(sample, "N=" + n + " #" + i));
		}
		int timingsBefore = load.harness.timings().size();
		double busyBefore = metrics().sum("clipworker_media_duration_seconds_count", "outcome=\"busy\"");
		Sampler sampler = new Sampler();
		long started = System.nanoTime();
		List<Future<String>> pipelines = new ArrayList<>();
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Upload upload : uploads) {
				pipelines.add(clients.submit(() -> pipeline(upload)));
			}
		}
		long millis = (System.nanoTime() - started) / 1_000_000;
		sampler.stop();
		List<String> failures = new ArrayList<>();
		for (Future<String> pipeline : pipelines) {
			if (!pipeline.get().isEmpty()) {
				failures.add(pipeline.get());
			}
		}
		List<StepTiming> timings = load.harness.timings().subList(timingsBefore, load.harness.timings().size());
		long retried = timings.stream().filter((t) -> t.outcome() == StepTiming.Outcome.ERROR).count();
		long deferred = timings.stream().filter((t) -> t.outcome() == StepTiming.Outcome.DEFERRED).count();
		double busy = metrics().sum("clipworker_media_duration_seconds_count", "outcome=\"busy\"") - busyBefore;
		load.record("L1 N=%d real pipelines at once (process-video, generate-clips, one 360x640 karaoke export each; "
				+ "%d s 360p sources): %d of %d complete in %.1f s wall; %d step attempts answered with an error "
				+ "and retried; %d steps deferred (a sleep, not an attempt) after %d media-slot busy answers", n,
				SAMPLE_SECONDS, n - failures.size(), n, millis / 1000.0, retried, deferred, (long) busy);
		load.record("L1 N=%d processes at once: ffmpeg/ffprobe max %d (limit %d), libx264 encodes max %d (limit %d), "
				+ "Chromium browsers max %d (limit %d, the one warm browser); slots held max heavy %d, light %d, "
				+ "browser %d; %d samples", n, sampler.maxMedia.get(), HEAVY_SLOTS + LIGHT_SLOTS,
				sampler.maxHeavy.get(), HEAVY_SLOTS, sampler.maxChromium.get(), BROWSER_SLOTS,
				sampler.maxRunning.getOrDefault("heavy", 0), sampler.maxRunning.getOrDefault("light", 0),
				sampler.maxRunning.getOrDefault("browser", 0), sampler.processSamples.get());
		load.record(
				"L1 N=%d memory: heap used max %.1f MiB of %d MiB; worker RSS max %.1f MiB, peak (VmHWM) %.1f MiB; "
						+ "worker and children PSS max %.1f MiB; /api/health %s",
				n, mib(sampler.maxHeap.get()), HEAP_CAP >> 20, mib(sampler.maxWorkerRss.get()), mib(peakRss()),
				mib(sampler.maxTreeRss.get()), sampler.healthFigures());
		assertThat(failures).as("pipelines that did not complete").isEmpty();
		assertThat(sampler.processSamples.get()).as("process samples taken").isPositive();
		assertThat(sampler.maxMedia.get()).as("ffmpeg and ffprobe processes at once")
			.isLessThanOrEqualTo(HEAVY_SLOTS + LIGHT_SLOTS);
		assertThat(sampler.maxHeavy.get()).as("libx264 encodes at once").isLessThanOrEqualTo(HEAVY_SLOTS);
		assertThat(sampler.maxChromium.get()).as("Chromium browsers").isLessThanOrEqualTo(BROWSER_SLOTS);
		assertThat(sampler.maxRunning.getOrDefault("heavy", 0)).isLessThanOrEqualTo(HEAVY_SLOTS);
		assertThat(sampler.maxRunning.getOrDefault("light", 0)).isLessThanOrEqualTo(LIGHT_SLOTS);
		assertThat(sampler.maxRunning.getOrDefault("browser", 0)).isLessThanOrEqualTo(BROWSER_SLOTS);
		assertNoOutOfMemory();
	}

	/** One pipeline; the empty string when it completed, else what went wrong. */
	private String pipeline(Upload upload) {
		Map<String, Object> data = Map.of("videoId", upload.videoId.toString(), "ownerId", upload.ownerId.toString());
		RunResult processed = load.harness.awaitCompletion(load.harness.send(Event.of("video/uploaded", data)).get(0),
				RUN_TIMEOUT);
		if (!processed.completed()) {
			return upload.label + ": process-video " + processed.status() + " " + clip(processed.error());
		}
		RunResult generated = load.harness.awaitCompletion(fannedOut("clipworker-generate-clips", upload.videoId),
				RUN_TIMEOUT);
		if (!generated.completed()) {
			return upload.label + ": generate-clips " + generated.status() + " " + clip(generated.error());
		}
		Video video = load.database.videos().find(upload.videoId).orElseThrow();
		if (video.status() != VideoStatus.READY || video.clipsStatus() != ClipsStatus.READY) {
			return upload.label + ": video " + video.status() + ", clips " + video.clipsStatus();
		}
		UUID clipId = load.database.clips().list(upload.videoId, video.generation()).get(0).id();
		UUID exportId = UUID.randomUUID();
		load.database.exports().insertIfAbsent(exportId, upload.ownerId, clipId, "vertical", "karaoke");
		RunResult exported = load.harness.awaitCompletion(
				load.harness.send(Event.of("clip/export.requested",
						Map.of("exportId", exportId.toString(), "ownerId", upload.ownerId.toString())))
					.get(0),
				RUN_TIMEOUT);
		if (!exported.completed()) {
			return upload.label + ": clip-export " + exported.status() + " " + clip(exported.error());
		}
		ExportStatus status = load.database.exports().find(exportId).orElseThrow().status();
		return (status == ExportStatus.DONE) ? "" : upload.label + ": export " + status;
	}

	private static String clip(Object error) {
		String text = String.valueOf(error);
		return (text.length() > 400) ? text.substring(0, 400) + "..." : text;
	}

	/** The run the worker's own event started for a video (fan-out), once it started. */
	private static RunHandle fannedOut(String functionId, UUID videoId) {
		long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			for (RunHandle handle : load.harness.runs()) {
				if (handle.functionId().equals(functionId)
						&& handle.event().data().path("videoId").asString().equals(videoId.toString())) {
					return handle;
				}
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
		}
		throw new AssertionError("No " + functionId + " run for " + videoId);
	}

	/**
	 * A distinct source (the sample remuxed with its own metadata, so the bytes differ)
	 * and the sample's sidecar in the worker's store, and the video's row.
	 */
	private static Upload upload(Path sample, String label) throws IOException, InterruptedException {
		UUID videoId = UUID.randomUUID();
		UUID ownerId = UUID.randomUUID();
		Path source = temp.resolve("sources").resolve(videoId + ".mp4");
		Files.createDirectories(source.getParent());
		exec(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", sample.resolve("sample.mp4").toString(), "-map", "0",
				"-c", "copy", "-metadata", "comment=" + label, "-y", source.toString()));
		store.put(ObjectKeys.videoSource(videoId), source, "video/mp4");
		store.put(ObjectKeys.videoCaptions(videoId, "srt"), sample.resolve("sample.srt"), "text/plain");
		load.database.videos()
			.insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId),
					ObjectKeys.videoCaptions(videoId, "srt"));
		Files.delete(source);
		return new Upload(videoId, ownerId, label);
	}

	/** The 360p talk-like sample with its sidecar, made by scripts/make-sample. */
	private static Path sample(int seconds) throws IOException, InterruptedException {
		Path dir = Path.of("target", "samples", seconds + "s").toAbsolutePath();
		exec(List.of("scripts/make-sample", dir.toString(), Integer.toString(seconds)));
		return dir;
	}

	private static void exec(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("%s finishes", command.get(0)).isTrue();
		assertThat(process.exitValue()).as("%s exit code", command.get(0)).isZero();
	}

	/** Short runs back to back for a while (warm-up). */
	private static void runShort(Duration length) {
		long deadline = System.nanoTime() + length.toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(load.harness
				.awaitCompletion(load.harness.send(Event.of("test/probe.short", Map.of())).get(0),
						Duration.ofMinutes(1))
				.completed()).isTrue();
		}
	}

	/** Bad-signature POSTs (current timestamp, so the body is read and hashed). */
	private static Flood flood(int requests, int concurrency, byte[] body) throws InterruptedException {
		Flood flood = new Flood();
		AtomicInteger next = new AtomicInteger();
		List<Thread> senders = new ArrayList<>();
		for (int s = 0; s < concurrency; s++) {
			senders.add(Thread.ofVirtual().start(() -> {
				while (next.getAndIncrement() < requests) {
					HttpRequest request = load.badSignaturePost(body, Duration.ofSeconds(60));
					long sent = System.nanoTime();
					String status;
					try {
						status = Integer
							.toString(load.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
					}
					catch (IOException ex) {
						status = ex.getClass().getSimpleName() + ": " + ex.getMessage();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					flood.latencies.add(Duration.ofNanos(System.nanoTime() - sent));
					flood.statuses.merge(status, 1, Integer::sum);
				}
			}));
		}
		for (Thread sender : senders) {
			sender.join();
		}
		return flood;
	}

	/**
	 * Bytes of live objects in the worker's heap: {@code jcmd GC.class_histogram} runs a
	 * full collection and counts what survives, in one step (a scrape after a separate
	 * {@code GC.run} would count what the flood allocated in between).
	 */
	private static long postGcHeap() {
		Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
		try {
			Process process = new ProcessBuilder(jcmd.toString(), Long.toString(load.process.pid()),
					"GC.class_histogram")
				.redirectErrorStream(true)
				.start();
			List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
				.toList();
			assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("jcmd finishes").isTrue();
			return lines.stream()
				.filter((line) -> line.startsWith("Total"))
				.map((line) -> Long.parseLong(line.trim().split("\\s+")[2]))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No total in the class histogram: " + lines));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The worker's peak resident set since it started (the kernel's high-water mark). */
	private static long peakRss() {
		return statusKib(load.process.pid(), "VmHWM:") * 1024;
	}

	private static long statusKib(long pid, String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith(field)) {
					return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the process ended between listing and reading
		}
		return 0;
	}

	/**
	 * A process's proportional set size (shared pages split between their users), so the
	 * sum over a process tree does not count Chromium's shared pages once per process.
	 */
	private static long proportionalKib(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
				if (line.startsWith("Pss:")) {
					return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the process ended between listing and reading
		}
		return 0;
	}

	private static void assertNoOutOfMemory() {
		assertThat(load.process.isAlive()).as("the worker is alive (it exits on OutOfMemoryError)").isTrue();
		assertThat(load.process.output()).as("worker log").doesNotContain("OutOfMemoryError");
	}

	private static Metrics metrics() {
		return new Metrics(load.prometheus());
	}

	private static double mib(long bytes) {
		return bytes / 1048576.0;
	}

	private static String mibs(List<Long> values) {
		return values.stream().map((v) -> String.format("%.1f", mib(v))).toList().toString();
	}

	private record Upload(UUID videoId, UUID ownerId, String label) {
	}

	private static final class Flood {

		final List<Duration> latencies = new CopyOnWriteArrayList<>();

		final Map<String, Integer> statuses = new ConcurrentHashMap<>();

	}

	/** One scrape of the Prometheus endpoint. */
	private record Metrics(String text) {

		/** The sum of the samples of a metric whose labels contain {@code label}. */
		double sum(String name, String label) {
			return this.text.lines()
				.filter((line) -> line.startsWith(name + "{") && line.contains(label))
				.mapToDouble(Metrics::value)
				.sum();
		}

		/** The worker's count of answered POSTs by status. */
		Map<String, Double> postStatuses() {
			Map<String, Double> counts = new HashMap<>();
			this.text.lines()
				.filter((line) -> line.startsWith("http_server_requests_seconds_count{")
						&& line.contains("method=\"POST\""))
				.forEach((line) -> {
					int at = line.indexOf("status=\"") + 8;
					counts.merge(line.substring(at, line.indexOf('"', at)), value(line), Double::sum);
				});
			return counts;
		}

		Optional<Double> first(String name, String label) {
			return this.text.lines()
				.filter((line) -> line.startsWith(name + "{") && line.contains(label))
				.map(Metrics::value)
				.findFirst();
		}

		private static double value(String line) {
			return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
		}

	}

	/**
	 * Every 100 ms, on separate threads: {@code /api/health} latency; the worker's heap
	 * and held media slots (Prometheus); its process tree (ffmpeg and ffprobe children
	 * other than the health checks' {@code -version}, libx264 encodes among them,
	 * Chromium browsers, resident sets).
	 */
	private static final class Sampler {

		final List<Duration> health = new CopyOnWriteArrayList<>();

		final Map<String, Integer> healthFailures = new ConcurrentHashMap<>();

		final AtomicLong maxHeap = new AtomicLong();

		final Map<String, Integer> maxRunning = new ConcurrentHashMap<>();

		final AtomicInteger maxMedia = new AtomicInteger();

		final AtomicInteger maxHeavy = new AtomicInteger();

		final AtomicInteger maxChromium = new AtomicInteger();

		final AtomicLong maxWorkerRss = new AtomicLong();

		final AtomicLong maxTreeRss = new AtomicLong();

		final AtomicInteger processSamples = new AtomicInteger();

		private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(3);

		Sampler() {
			this.timer.scheduleWithFixedDelay(this::health, 0, 100, TimeUnit.MILLISECONDS);
			this.timer.scheduleWithFixedDelay(this::metrics, 0, 100, TimeUnit.MILLISECONDS);
			this.timer.scheduleWithFixedDelay(this::processes, 0, 100, TimeUnit.MILLISECONDS);
		}

		private void health() {
			long start = System.nanoTime();
			try {
				HttpResponse<String> response = load.client.send(
						HttpRequest.newBuilder(load.url("/api/health")).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.ofString());
				this.health.add(Duration.ofNanos(System.nanoTime() - start));
				if (response.statusCode() != 200) {
					this.healthFailures.merge(response.statusCode() + " " + response.body(), 1, Integer::sum);
				}
			}
			catch (IOException ex) {
				this.healthFailures.merge(ex.toString(), 1, Integer::sum);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private void metrics() {
			try {
				Metrics metrics = ProductionFlagsLoadBenchmarkTests.metrics();
				this.maxHeap.accumulateAndGet((long) metrics.sum("jvm_memory_used_bytes", "area=\"heap\""), Math::max);
				for (String kind : List.of("heavy", "light", "browser")) {
					int running = metrics.first("clipworker_media_running", "kind=\"" + kind + "\"")
						.orElse(0.0)
						.intValue();
					this.maxRunning.merge(kind, running, Math::max);
				}
			}
			catch (RuntimeException ex) {
				// a missed sample
			}
		}

		private void processes() {
			Optional<ProcessHandle> root = ProcessHandle.of(load.process.pid());
			if (root.isEmpty()) {
				return;
			}
			int media = 0;
			int heavy = 0;
			int chromium = 0;
			long treeRss = proportionalKib(load.process.pid()) * 1024;
			for (ProcessHandle process : root.get().descendants().toList()) {
				String name = name(process);
				List<String> args = arguments(process);
				treeRss += proportionalKib(process.pid()) * 1024;
				if (args.contains("-version") || args.contains("--version")) {
					continue; // a health check, in its own slots
				}
				if (name.equals("ffmpeg") || name.equals("ffprobe")) {
					media++;
					if (args.contains("libx264")) {
						heavy++;
					}
				}
				if (name.equals("chromium") && !process.parent().map(Sampler::name).orElse("").equals("chromium")) {
					chromium++;
				}
			}
			this.maxMedia.accumulateAndGet(media, Math::max);
			this.maxHeavy.accumulateAndGet(heavy, Math::max);
			this.maxChromium.accumulateAndGet(chromium, Math::max);
			this.maxWorkerRss.accumulateAndGet(statusKib(load.process.pid(), "VmRSS:") * 1024, Math::max);
			this.maxTreeRss.accumulateAndGet(treeRss, Math::max);
			this.processSamples.incrementAndGet();
		}

		/**
		 * A process's arguments from {@code /proc}: Chromium rewrites its command line
		 * into one string, which {@link ProcessHandle.Info} then reports without
		 * arguments, so split on spaces too.
		 */
		private static List<String> arguments(ProcessHandle process) {
			try {
				String line = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
				return List.of(line.split("[\\x00 ]+"));
			}
			catch (IOException ex) {
				return List.of();
			}
		}

		private static String name(ProcessHandle process) {
			return process.info().command().map((c) -> Path.of(c).getFileName().toString()).orElse("");
		}

		String healthFigures() {
			return String.format("p50 %s, p99 %s, max %s over %d polls, not answered 200: %s",
					percentile(this.health, 50), percentile(this.health, 99), percentile(this.health, 100),
					this.health.size(), this.healthFailures);
		}

		void stop() {
			this.timer.shutdownNow();
			try {
				this.timer.awaitTermination(15, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
