package com.clipworker.jobs;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.clipworker.ClipworkerApplication;
import com.clipworker.db.Clip;
import com.clipworker.db.ClipQueries;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.VideoQueries;
import com.clipworker.events.CaptionStyle;
import com.clipworker.events.ExportPreset;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.HarnessListener;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs against the bare ffmpeg work inside them, on 1080p30 talk-like sources (60 s
 * and 10 minutes, made once under {@code target/bench/sources}), and the whole pipeline
 * of the 10-minute source in a child JVM capped at {@code -Xmx256m} with heap and RSS
 * sampled (the Demo main class from the packaged jar, as scripts/demo runs it: package
 * first). Figures go to the log and {@code target/benchmarks/jobs.md};
 * docs/performance.md (section Jobs) has the measured ones and the commands.
 * <p>
 * {@code -Dbench.sources=60,600} picks the sources (seconds) of the function benchmark,
 * {@code -Dbench.rounds=3} how many times each runs (medians are reported).
 */
@Tag("benchmark")
class JobsBenchmarkTests {

	private static final Logger logger = LoggerFactory.getLogger(JobsBenchmarkTests.class);

	private static final UUID OWNER = UUID.fromString("00000000-0000-4000-8000-0000000be4c0");

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(Long.getLong("bench.run-timeout-minutes", 60));

	private static final Path BENCH = Path.of("target", "bench").toAbsolutePath();

	private static final Path REPORT = Path.of("target", "benchmarks", "jobs.md").toAbsolutePath();

	@Test
	void functionsAgainstBareFfmpeg() throws Exception {
		List<Integer> lengths = Arrays.stream(System.getProperty("bench.sources", "60,600").split(","))
			.map(String::trim)
			.map(Integer::valueOf)
			.toList();
		for (int seconds : lengths) {
			benchmarkFunctions(source(seconds), seconds);
		}
	}

	@Test
	void wholePipelineOfTheTenMinuteSourceUnderAHeapCap() throws Exception {
		Path video = source(600);
		Path run = BENCH.resolve("memory-" + Instant.now().getEpochSecond());
		Files.createDirectories(run);
		Path gcLog = run.resolve("gc.log");
		Path packaged = Path.of(System.getProperty("bench.jar", "target/clipworker-0.1.0.jar")).toAbsolutePath();
		assertThat(packaged).as("the packaged worker (./mvnw -B -ntp package -DskipTests first)").isRegularFile();
		// A copy, so that a build running meanwhile cannot replace the jar under the run.
		Path jar = Files.copy(packaged, run.resolve("clipworker.jar"));
		List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
				"-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gcLog, "-Dloader.main=com.clipworker.local.demo.Demo",
				"-cp", jar.toString(), "org.springframework.boot.loader.launch.PropertiesLauncher", video.toString(),
				run.resolve("out").toString(), "--clipworker.data-dir=" + run.resolve("data"),
				"--clipworker.media.work-dir=" + run.resolve("data").resolve("media"), "--server.port=0",
				"--server.address=127.0.0.1", "--management.server.port=0",
				"--clipworker.media.export.vertical=1080x1920");
		logger.info("Starting {}", String.join(" ", command));
		long started = System.nanoTime();
		Process child = new ProcessBuilder(command).directory(run.toFile())
			.redirectErrorStream(true)
			.redirectOutput(run.resolve("demo.log").toFile())
			.start();
		MemorySampler sampler = new MemorySampler(child.toHandle());
		Thread sampling = Thread.ofPlatform().name("memory-sampler").start(sampler);
		boolean finished = child.waitFor(RUN_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
		sampling.interrupt();
		sampling.join();
		if (!finished) {
			child.destroyForcibly();
		}
		Duration wall = Duration.ofNanos(System.nanoTime() - started);
		assertThat(finished).as("the demo finishes within %s", RUN_TIMEOUT).isTrue();
		assertThat(child.exitValue()).as("the demo's exit code (log in %s)", run.resolve("demo.log")).isZero();
		GcPeaks gc = GcPeaks.read(gcLog);

		StringBuilder report = new StringBuilder();
		report.append(
				String.format(Locale.ROOT, "%n### Whole pipeline, 600 s 1080p source, -Xmx256m (%s)%n%n", machine()));
		report.append(String.format(Locale.ROOT, "- wall time: %.1f s (exit 0)%n", wall.toMillis() / 1000.0));
		report.append(String.format(Locale.ROOT,
				"- heap: peak used before a GC %.1f MB, peak after a GC %.1f MB, committed at most %.1f MB, %d GCs%n",
				gc.peakBeforeMb, gc.peakAfterMb, gc.peakCommittedMb, gc.count));
		report.append(String.format(Locale.ROOT, "- samples: %d, every 250 ms%n", sampler.samples));
		report.append(String.format(Locale.ROOT, "- JVM RSS peak (sampled) %.1f MB, VmHWM %.1f MB%n",
				sampler.jvmRssPeakKb / 1024.0, sampler.jvmHwmKb / 1024.0));
		report.append(String.format(Locale.ROOT, "- descendants' summed RSS peak %.1f MB; JVM + descendants %.1f MB%n",
				sampler.childrenRssPeakKb / 1024.0, sampler.totalRssPeakKb / 1024.0));
		sampler.peakByProgram.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> report.append(String.format(Locale.ROOT, "  - %s: summed RSS peak %.1f MB%n",
					entry.getKey(), entry.getValue() / 1024.0)));
		report.append(String.format(Locale.ROOT, "- log: %s, GC log: %s%n", run.resolve("demo.log"), gcLog));
		publish(report.toString());
		assertThat(gc.count).as("the GC log was written").isPositive();
		assertThat(gc.peakCommittedMb).as("the heap stayed under its cap").isLessThanOrEqualTo(256.0);
	}

	private void benchmarkFunctions(Path video, int seconds) throws Exception {
		int rounds = Integer.getInteger("bench.rounds", 1);
		Path root = BENCH.resolve("functions-" + seconds + "s-" + Instant.now().getEpochSecond());
		RunClock clock = new RunClock();
		CommandRecorder recorder = new CommandRecorder(root.resolve("snapshots"));
		try (ExecutorHarness harness = ExecutorHarness.builder()
			.listener(clock)
			.maxSleep(Duration.ofSeconds(1))
			.build(); ConfigurableApplicationContext app = startWorker(harness, root)) {
			StringBuilder report = new StringBuilder();
			report.append(String.format(Locale.ROOT,
					"%n### Functions on the %d s 1920x1080 30 fps source, %d round(s) (%s)%n%n"
							+ "Each round uploads the source again and runs the functions, then the bare commands.%n",
					seconds, rounds, machine()));
			List<Map<String, Measured>> all = new ArrayList<>();
			for (int round = 1; round <= rounds; round++) {
				Map<String, Measured> measured = round(app, harness, clock, recorder, video);
				all.add(measured);
				report.append(String.format(Locale.ROOT, "%n#### Round %d (%s)%n%n", round, machine()));
				report.append("| function | wall | bare ffmpeg/ffprobe (sequential) | ratio | processes |\n");
				report.append("|---|---|---|---|---|\n");
				measured.forEach((name,
						m) -> report.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.3f | %d |%n", name,
								m.wallMs / 1000.0, m.bareMs / 1000.0, m.wallMs / Math.max(1.0, m.bareMs),
								m.processes)));
				Measured captioned = measured.get("clip-export (bold-pop)");
				Measured plain = measured.get("clip-export (none)");
				report.append(String.format(Locale.ROOT,
						"%nclip-export with captions against without: %.3f (function), %.3f (bare ffmpeg)%n",
						captioned.wallMs / plain.wallMs, captioned.bareMs / plain.bareMs));
				for (Map.Entry<String, Measured> entry : measured.entrySet()) {
					report.append(String.format(Locale.ROOT, "%n%s, per step (request round trips; attempts):%n%n",
							entry.getKey()));
					report.append("| step | requests | request time | of which ffmpeg under the worker | bare |\n");
					report.append("|---|---|---|---|---|\n");
					entry.getValue().steps.forEach((step,
							st) -> report.append(String.format(Locale.ROOT,
									"| %s | %d (%s) | %.2f s | %.2f s | %.2f s |%n", step, st.requests, st.outcomes,
									st.requestMs / 1000.0, st.workerMs / 1000.0, st.bareMs / 1000.0)));
				}
				publish(report.toString());
				report.setLength(0);
			}
			report.append(String.format(Locale.ROOT, "%n#### Medians over the %d round(s)%n%n", rounds));
			report.append("| function | median wall | median bare | median of the rounds' ratios |\n");
			report.append("|---|---|---|---|\n");
			for (String name : all.get(0).keySet()) {
				report.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %.3f |%n", name,
						median(all, (m) -> m.get(name).wallMs) / 1000.0,
						median(all, (m) -> m.get(name).bareMs) / 1000.0,
						median(all, (m) -> m.get(name).wallMs / Math.max(1.0, m.get(name).bareMs))));
			}
			report.append(String.format(Locale.ROOT,
					"%nclip-export with captions against without, median of the rounds' ratios: %.3f%n",
					median(all, (m) -> m.get("clip-export (bold-pop)").wallMs / m.get("clip-export (none)").wallMs)));
			publish(report.toString());
		}
	}

	/**
	 * One round: the source uploaded as a new video, process-video, generate-clips, and
	 * the best clip exported with and without captions, then every recorded command run
	 * bare.
	 */
	private Map<String, Measured> round(ConfigurableApplicationContext app, ExecutorHarness harness, RunClock clock,
			CommandRecorder recorder, Path video) throws Exception {
		ObjectStore store = app.getBean(ObjectStore.class);
		VideoQueries videos = app.getBean(VideoQueries.class);
		UUID videoId = UUID.randomUUID();
		store.put(ObjectKeys.videoSource(videoId), video, "video/mp4");
		String captionsKey = ObjectKeys.videoCaptions(videoId, "srt");
		store.put(captionsKey, sidecar(video), "text/plain");
		videos.insertIfAbsent(videoId, OWNER, ObjectKeys.videoSource(videoId), captionsKey);

		recorder.attach();
		List<RunHandle> uploaded = harness
			.send(Event.of("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", OWNER.toString())));
		RunResult processed = harness.awaitCompletion(uploaded.get(0), RUN_TIMEOUT);
		assertThat(processed.completed()).as("process-video: %s", processed.error()).isTrue();
		RunResult generated = harness.awaitCompletion(fannedOut(harness, "clipworker-generate-clips", videoId),
				RUN_TIMEOUT);
		assertThat(generated.completed()).as("generate-clips: %s", generated.error()).isTrue();

		Clip best = app.getBean(ClipQueries.class)
			.list(videoId, 1)
			.stream()
			.max(Comparator.comparingInt(Clip::score))
			.orElseThrow();
		logger.info("Best clip {} s ({}–{} ms)", (best.endMs() - best.startMs()) / 1000.0, best.startMs(),
				best.endMs());
		Map<String, RunResult> exports = new LinkedHashMap<>();
		for (CaptionStyle style : List.of(CaptionStyle.BOLD_POP, CaptionStyle.NONE)) {
			UUID exportId = UUID.randomUUID();
			app.getBean(ExportQueries.class)
				.insertIfAbsent(exportId, OWNER, best.id(), ExportPreset.VERTICAL.id(), style.id());
			List<RunHandle> runs = harness.send(Event.of("clip/export.requested",
					Map.of("exportId", exportId.toString(), "ownerId", OWNER.toString())));
			RunResult exported = harness.awaitCompletion(runs.get(0), RUN_TIMEOUT);
			assertThat(exported.completed()).as("clip-export %s: %s", style.id(), exported.error()).isTrue();
			exports.put(style.id(), exported);
		}
		recorder.detach();

		Map<String, Measured> measured = new LinkedHashMap<>();
		measured.put("process-video", measure(processed, clock, recorder));
		measured.put("generate-clips", measure(generated, clock, recorder));
		for (Map.Entry<String, RunResult> export : exports.entrySet()) {
			measured.put("clip-export (" + export.getKey() + ")", measure(export.getValue(), clock, recorder));
		}
		return measured;
	}

	private static double median(List<Map<String, Measured>> rounds,
			java.util.function.ToDoubleFunction<Map<String, Measured>> value) {
		double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private Measured measure(RunResult result, RunClock clock, CommandRecorder recorder) throws Exception {
		String runId = result.run().runId();
		Measured measured = new Measured();
		measured.wallMs = clock.wallMs(runId);
		for (StepTiming timing : clock.timings(runId)) {
			StepStats stats = measured.steps.computeIfAbsent(timing.stepName(), (name) -> new StepStats());
			stats.requests++;
			stats.requestMs += timing.duration().toNanos() / 1e6;
			stats.outcomes.merge(timing.outcome().name(), 1, Integer::sum);
		}
		for (CommandRecorder.Recorded command : recorder.forRun(runId)) {
			double bare = command.runBare() / 1e6;
			measured.bareMs += bare;
			measured.processes++;
			StepStats stats = measured.steps.computeIfAbsent(command.stepId(), (name) -> new StepStats());
			stats.bareMs += bare;
			stats.workerMs += command.workerMs();
			logger.info("{} {}: worker {} ms, bare {} ms", command.stepId(), command.program(), command.workerMs(),
					Math.round(bare));
		}
		return measured;
	}

	private static RunHandle fannedOut(ExecutorHarness harness, String functionId, UUID videoId) {
		long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			for (RunHandle handle : harness.runs()) {
				if (handle.functionId().equals(functionId)
						&& handle.event().data().path("videoId").asString("").equals(videoId.toString())) {
					return handle;
				}
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		throw new IllegalStateException(functionId + " did not start");
	}

	private static ConfigurableApplicationContext startWorker(ExecutorHarness harness, Path root) {
		ConfigurableApplicationContext app = new SpringApplication(ClipworkerApplication.class).run(
				"--clipworker.mode=local", "--server.port=0", "--server.address=127.0.0.1",
				"--management.server.port=0", "--clipworker.data-dir=" + root.resolve("data"),
				"--clipworker.media.work-dir=" + root.resolve("data").resolve("media"),
				"--clipworker.health.interval=1h", "--inngest.base-url=" + harness.apiUrl(),
				"--inngest.event-key=bench");
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		harness.sync(URI.create("http://127.0.0.1:" + port + "/api/inngest"));
		return app;
	}

	/**
	 * A talk-like 1080p30 source with a sidecar .srt: 60 s from scripts/make-sample; 600
	 * s as the 60 s one ten times over (stream copy), with the cues shifted to match.
	 */
	static synchronized Path source(int seconds) throws IOException, InterruptedException {
		Path sixty = BENCH.resolve("sources").resolve("60s");
		run(List.of("scripts/make-sample", "--1080p", sixty.toString(), "60"), Duration.ofMinutes(20));
		Path sample = sixty.resolve("sample.mp4");
		if (seconds == 60) {
			return sample;
		}
		assertThat(seconds % 60).as("a source length in whole minutes").isZero();
		int loops = seconds / 60;
		Path dir = BENCH.resolve("sources").resolve(seconds + "s");
		Path video = dir.resolve("talk.mp4");
		Path srt = dir.resolve("talk.srt");
		if (Files.isRegularFile(video) && Files.isRegularFile(srt)) {
			return video;
		}
		Files.createDirectories(dir);
		Path list = dir.resolve("loop.ffconcat");
		Files.writeString(list, "ffconcat version 1.0\n" + ("file '" + sample + "'\n").repeat(loops));
		Path partial = dir.resolve("talk.partial.mp4");
		run(List.of("ffmpeg", "-nostdin", "-v", "error", "-f", "concat", "-safe", "0", "-i", list.toString(), "-c",
				"copy", "-movflags", "+faststart", "-y", partial.toString()), Duration.ofMinutes(5));
		Files.writeString(srt, loopedCues(Files.readString(sixty.resolve("sample.srt")), loops, 60_000));
		Files.move(partial, video);
		return video;
	}

	static String loopedCues(String srt, int loops, long lengthMs) {
		Pattern time = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2}),(\\d{3})");
		List<String[]> cues = new ArrayList<>();
		for (String block : srt.strip().split("\\R\\R+")) {
			String[] lines = block.split("\\R", 3);
			cues.add(new String[] { lines[1], lines[2] });
		}
		StringBuilder out = new StringBuilder();
		int number = 0;
		for (int loop = 0; loop < loops; loop++) {
			long offset = loop * lengthMs;
			for (String[] cue : cues) {
				Matcher matcher = time.matcher(cue[0]);
				StringBuilder shifted = new StringBuilder();
				while (matcher.find()) {
					long ms = Long.parseLong(matcher.group(1)) * 3_600_000 + Long.parseLong(matcher.group(2)) * 60_000
							+ Long.parseLong(matcher.group(3)) * 1000 + Long.parseLong(matcher.group(4)) + offset;
					matcher.appendReplacement(shifted, String.format(Locale.ROOT, "%02d:%02d:%02d,%03d", ms / 3_600_000,
							(ms / 60_000) % 60, (ms / 1000) % 60, ms % 1000));
				}
				matcher.appendTail(shifted);
				out.append(++number).append('\n').append(shifted).append('\n').append(cue[1]).append("\n\n");
			}
		}
		return out.toString();
	}

	private static Path sidecar(Path video) {
		String name = video.getFileName().toString();
		return video.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".srt");
	}

	private static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.INHERIT)
			.start();
		assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("%s finishes", command).isTrue();
		assertThat(process.exitValue()).as("%s exit code", command).isZero();
	}

	private static String machine() throws IOException {
		String model = Files.readAllLines(Path.of("/proc/cpuinfo"))
			.stream()
			.filter((line) -> line.startsWith("model name"))
			.findFirst()
			.map((line) -> line.substring(line.indexOf(':') + 1).strip())
			.orElse("unknown CPU");
		String memTotal = Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((line) -> line.startsWith("MemTotal"))
			.findFirst()
			.map((line) -> line.replaceAll("\\D+", ""))
			.orElse("0");
		String load = Files.readString(Path.of("/proc/loadavg")).strip();
		return String.format(Locale.ROOT, "%s; nproc %d, %s, %.1f GiB RAM, load %s", Instant.now(),
				Runtime.getRuntime().availableProcessors(), model, Long.parseLong(memTotal) / 1024.0 / 1024.0,
				load.substring(0, load.indexOf(' ', load.indexOf(' ', load.indexOf(' ') + 1) + 1)));
	}

	private static void publish(String text) throws IOException {
		logger.info("{}", text);
		Files.createDirectories(REPORT.getParent());
		Files.writeString(REPORT, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	/** Wall time of each run, from its first request to its end, and its requests. */
	private static final class RunClock implements HarnessListener {

		private final Map<String, Long> starts = new ConcurrentHashMap<>();

		private final Map<String, Long> ends = new ConcurrentHashMap<>();

		private final Map<String, List<StepTiming>> timings = new ConcurrentHashMap<>();

		@Override
		public void requestStarted(String functionId, String runId, String stepId, int attempt) {
			this.starts.putIfAbsent(runId, System.nanoTime());
		}

		@Override
		public void stepFinished(StepTiming timing) {
			if (timing.delivery() == 0) {
				this.timings
					.computeIfAbsent(timing.runId(), (id) -> java.util.Collections.synchronizedList(new ArrayList<>()))
					.add(timing);
			}
		}

		@Override
		public void runFinished(RunResult result) {
			this.ends.putIfAbsent(result.run().runId(), System.nanoTime());
		}

		double wallMs(String runId) {
			return (this.ends.get(runId) - this.starts.get(runId)) / 1e6;
		}

		List<StepTiming> timings(String runId) {
			return List.copyOf(this.timings.getOrDefault(runId, List.of()));
		}

	}

	private static final class Measured {

		double wallMs;

		double bareMs;

		int processes;

		final Map<String, StepStats> steps = new LinkedHashMap<>();

	}

	private static final class StepStats {

		int requests;

		double requestMs;

		double workerMs;

		double bareMs;

		final Map<String, Integer> outcomes = new LinkedHashMap<>();

	}

	/**
	 * Samples the RSS of a JVM and of every process below it from {@code /proc} every 250
	 * ms, until interrupted.
	 */
	private static final class MemorySampler implements Runnable {

		private final ProcessHandle root;

		volatile long jvmRssPeakKb;

		volatile long jvmHwmKb;

		volatile long childrenRssPeakKb;

		volatile long totalRssPeakKb;

		volatile int samples;

		final Map<String, Long> peakByProgram = new ConcurrentHashMap<>();

		MemorySampler(ProcessHandle root) {
			this.root = root;
		}

		@Override
		public void run() {
			while (!Thread.currentThread().isInterrupted() && this.root.isAlive()) {
				long jvm = status(this.root.pid(), "VmRSS");
				long hwm = status(this.root.pid(), "VmHWM");
				long children = 0;
				Map<String, Long> byProgram = new LinkedHashMap<>();
				for (ProcessHandle child : this.root.descendants().toList()) {
					long rss = status(child.pid(), "VmRSS");
					children += rss;
					byProgram.merge(comm(child.pid()), rss, Long::sum);
				}
				this.jvmRssPeakKb = Math.max(this.jvmRssPeakKb, jvm);
				this.jvmHwmKb = Math.max(this.jvmHwmKb, hwm);
				this.childrenRssPeakKb = Math.max(this.childrenRssPeakKb, children);
				this.totalRssPeakKb = Math.max(this.totalRssPeakKb, jvm + children);
				byProgram.forEach((program, rss) -> this.peakByProgram.merge(program, rss, Math::max));
				this.samples++;
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
			}
		}

		private static long status(long pid, String field) {
			try {
				for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
					if (line.startsWith(field + ":")) {
						return Long.parseLong(line.replaceAll("\\D+", ""));
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				// The process ended between listing and reading.
			}
			return 0;
		}

		private static String comm(long pid) {
			try {
				return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
			}
			catch (IOException ex) {
				return "?";
			}
		}

	}

	/** Heap figures from a {@code -Xlog:gc} file. */
	private record GcPeaks(double peakBeforeMb, double peakAfterMb, double peakCommittedMb, int count) {

		private static final Pattern PAUSE = Pattern
			.compile("(\\d+(?:\\.\\d+)?)([KMG])->(\\d+(?:\\.\\d+)?)([KMG])\\((\\d+(?:\\.\\d+)?)([KMG])\\)");

		static GcPeaks read(Path log) throws IOException {
			double before = 0;
			double after = 0;
			double committed = 0;
			int count = 0;
			for (String line : Files.readAllLines(log)) {
				Matcher matcher = PAUSE.matcher(line);
				if (matcher.find()) {
					before = Math.max(before, mb(matcher.group(1), matcher.group(2)));
					after = Math.max(after, mb(matcher.group(3), matcher.group(4)));
					committed = Math.max(committed, mb(matcher.group(5), matcher.group(6)));
					count++;
				}
			}
			return new GcPeaks(before, after, committed, count);
		}

		private static double mb(String value, String unit) {
			double number = Double.parseDouble(value);
			return switch (unit) {
				case "K" -> number / 1024;
				case "G" -> number * 1024;
				default -> number;
			};
		}

	}

}
