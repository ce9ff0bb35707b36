package com.clipworker.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import com.clipworker.reliability.WorkerProcess;

/**
 * Start-up time and idle memory of the packaged worker in production mode against a real
 * PostgreSQL and S3Mock on 127.0.0.1, started with the Dockerfile's CMD flags: the time
 * from process start to the first 200 from {@code /api/health} (polled every 10 ms) and
 * the resident set after 5 s idle, median of 5 starts per variant (interleaved), with the
 * CPU time the process used until healthy (steadier than wall time on a shared machine).
 * Variants, all with the CMD's flags unless said otherwise: {@code original} (the image
 * layout with the CMD as it was before start-up was measured), {@code packaged-jar} (the
 * fat jar, no AOT cache), {@code image-layout} (the image's extracted layers, no AOT
 * cache), that layout with an AppCDS archive ({@code +appcds}) or an AOT cache
 * ({@code +aot-full}) from a training run that starts fully against the services, and
 * {@code image}: the Dockerfile as it is, its own training run (no services, stops on
 * refresh) and its CMD. Needs {@code target/clipworker-0.1.0.jar}
 * ({@code ./mvnw -B -ntp -q package -DskipTests}); writes
 * {@code target/benchmarks/startup.md}.
 *
 * <pre>
 * ./mvnw -B -ntp verify -Dtest=StartupBenchmarkTests -Dexcluded.test.groups= -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * {@code -Dbenchmark.starts=N} changes the number of starts,
 * {@code -Dbenchmark.variants=a,b} picks variants.
 */
@Tag("benchmark")
class StartupBenchmarkTests {

	private static final Logger logger = LoggerFactory.getLogger(StartupBenchmarkTests.class);

	private static final List<String> ORIGINAL_FLAGS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
			"-XX:+ExitOnOutOfMemoryError");

	private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);

	private static final Duration IDLE = Duration.ofSeconds(5);

	private static final Duration STOP_WITHIN = Duration.ofSeconds(60);

	@TempDir
	Path temp;

	@Test
	void startUpAndIdleMemory() throws IOException {
		Path packaged = Path.of("target", "clipworker-0.1.0.jar").toAbsolutePath();
		assertThat(packaged).as("build it first: ./mvnw -B -ntp -q package -DskipTests").isRegularFile();
		int starts = Integer.getInteger("benchmark.starts", 5);
		List<String> wanted = Arrays
			.asList(System
				.getProperty("benchmark.variants",
						"original,packaged-jar,image-layout,image-layout+appcds,image-layout+aot-full,image")
				.split(","));
		Path dockerfile = Path.of("Dockerfile");
		List<String> cmd = DockerfileCommand.jvmFlags(dockerfile);
		List<String> base = DockerfileCommand.withoutAotCache(cmd);
		Path app = this.temp.resolve("app");
		Path jar = ImageLayout.assemble(packaged, app);
		WorkerServices services = WorkerServices.start();
		Map<String, String> env = services.environment();
		// The first start against the empty database applies the migrations, as the first
		// deploy does; every later start finds them applied.
		Measurement migrating = measure(jar, base, env, "migrating");
		Map<String, Variant> variants = new LinkedHashMap<>();
		// The Dockerfile's CMD before start-up was measured, for the before/after.
		variants.put("original", new Variant(jar, ORIGINAL_FLAGS, null, null));
		variants.put("packaged-jar", new Variant(packaged, base, null, null));
		variants.put("image-layout", new Variant(jar, base, null, null));
		if (wanted.contains("image-layout+appcds")) {
			Path archive = app.resolve("clipworker.jsa");
			Duration training = train(jar, with(base, "-XX:ArchiveClassesAtExit=" + archive), env);
			variants.put("image-layout+appcds",
					new Variant(jar, with(base, "-XX:SharedArchiveFile=" + archive), training, archive));
		}
		if (wanted.contains("image-layout+aot-full")) {
			Path cache = app.resolve("clipworker-full.aot");
			Duration training = train(jar, with(base, "-XX:AOTCacheOutput=" + cache), env);
			variants.put("image-layout+aot-full",
					new Variant(jar, with(base, "-XX:AOTCache=" + cache), training, cache));
		}
		if (wanted.contains("image")) {
			Duration training = ImageCheck.train(dockerfile, "/app", app);
			Path cache = Path.of(DockerfileCommand.trainingRun(dockerfile).relocated("/app", app).cacheOutput());
			List<String> flags = cmd.stream().map((flag) -> DockerfileCommand.relocate(flag, "/app", app)).toList();
			variants.put("image", new Variant(jar, flags, training, cache));
		}
		variants.keySet().retainAll(wanted);
		// Interleaved, so that a change in the machine's load spreads over every variant.
		Map<String, List<Measurement>> measurements = new LinkedHashMap<>();
		for (int i = 0; i < starts; i++) {
			for (Map.Entry<String, Variant> variant : variants.entrySet()) {
				Measurement measurement = measure(variant.getValue().jar(), variant.getValue().flags(), env,
						variant.getKey() + "-" + i);
				logger.info("{} start {}: healthy after {} ms ({} ms CPU), idle RSS {} MiB", variant.getKey(), i,
						measurement.healthy().toMillis(), measurement.cpu().toMillis(),
						measurement.idleRss() / (1024 * 1024));
				measurements.computeIfAbsent(variant.getKey(), (name) -> new ArrayList<>()).add(measurement);
			}
		}
		List<Result> results = new ArrayList<>();
		variants.forEach((name, variant) -> results
			.add(new Result(name, variant.flags(), measurements.get(name), variant.training(), variant.archive())));
		String report = report(migrating, results, starts);
		logger.info("Start-up and idle memory:\n{}", report);
		Path out = Path.of("target", "benchmarks", "startup.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
		assertThat(results).isNotEmpty().allSatisfy((result) -> assertThat(result.medianIdleRss()).isPositive());
	}

	private static List<String> with(List<String> flags, String extra) {
		List<String> all = new ArrayList<>(flags);
		all.add(extra);
		return all;
	}

	/**
	 * A training run that sees a whole start: up to healthy against the real services,
	 * then SIGTERM, on which the JVM writes the archive.
	 */
	private Duration train(Path jar, List<String> flags, Map<String, String> env) {
		long started = System.nanoTime();
		try (WorkerProcess worker = WorkerProcess.startJar(jar, flags, env, this.temp.resolve("training-" + started))) {
			worker.awaitHealthy(HEALTHY_WITHIN);
			worker.stop(Duration.ofMinutes(5));
			return Duration.ofNanos(System.nanoTime() - started);
		}
	}

	private Measurement measure(Path jar, List<String> flags, Map<String, String> env, String name) {
		try (WorkerProcess worker = WorkerProcess.startJar(jar, flags, env, this.temp.resolve("run-" + name))) {
			Duration healthy = worker.awaitHealthy(HEALTHY_WITHIN);
			Duration cpu = worker.cpuTime();
			long idleUntil = System.nanoTime() + IDLE.toNanos();
			long rss = worker.residentBytes();
			while (System.nanoTime() < idleUntil) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
				rss = worker.residentBytes();
			}
			long peak = worker.peakResidentBytes();
			assertThat(worker.healthStatus()).as("health after %s idle", IDLE).isEqualTo(200);
			worker.stop(STOP_WITHIN);
			keepLog(worker, name);
			return new Measurement(healthy, cpu, rss, peak);
		}
	}

	private static void keepLog(WorkerProcess worker, String name) {
		try {
			Path logs = Files.createDirectories(Path.of("target", "benchmarks", "startup-logs"));
			Files.copy(worker.log(), logs.resolve(name + ".log"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			logger.warn("Could not keep the log of {}: {}", name, ex.toString());
		}
	}

	private static String report(Measurement migrating, List<Result> results, int starts) {
		StringBuilder out = new StringBuilder();
		out.append(String.format("Load average at the end: %s%n%n", loadAverage()));
		out.append(String.format(
				"First start (applies the migrations to an empty database): healthy after %d ms (%d ms CPU), idle RSS %.0f MiB%n%n",
				migrating.healthy().toMillis(), migrating.cpu().toMillis(), mib(migrating.idleRss())));
		out.append(String.format(
				"| variant (median of %d) | to first 200 | CPU to first 200 | idle RSS | peak RSS | training | archive |%n",
				starts));
		out.append("|---|---|---|---|---|---|---|\n");
		for (Result result : results) {
			out.append(String.format("| %s | %d ms | %d ms | %.0f MiB | %.0f MiB | %s | %s |%n", result.name(),
					result.median(Measurement::healthy).toMillis(), result.median(Measurement::cpu).toMillis(),
					mib(result.medianIdleRss()), mib(result.medianPeakRss()),
					(result.training() != null) ? String.format("%.1f s", result.training().toMillis() / 1000.0) : "",
					(result.archive() != null) ? String.format("%.0f MiB", mib(size(result.archive()))) : ""));
		}
		out.append("\nEach start (ms to first 200 / ms CPU / idle RSS MiB):\n");
		for (Result result : results) {
			out.append("- ").append(result.name()).append(": ");
			for (Measurement measurement : result.measurements()) {
				out.append(String.format("%d/%d/%.0f ", measurement.healthy().toMillis(), measurement.cpu().toMillis(),
						mib(measurement.idleRss())));
			}
			out.append("\n  flags: ").append(String.join(" ", result.flags())).append('\n');
		}
		return out.toString();
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).strip();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static double mib(long bytes) {
		return bytes / (1024.0 * 1024.0);
	}

	record Variant(Path jar, List<String> flags, @Nullable Duration training, @Nullable Path archive) {
	}

	record Measurement(Duration healthy, Duration cpu, long idleRss, long peakRss) {
	}

	record Result(String name, List<String> flags, List<Measurement> measurements, @Nullable Duration training,
			@Nullable Path archive) {

		Duration median(Function<Measurement, Duration> value) {
			return this.measurements.stream().map(value).sorted().toList().get(this.measurements.size() / 2);
		}

		long medianIdleRss() {
			return this.measurements.stream()
				.mapToLong(Measurement::idleRss)
				.sorted()
				.toArray()[this.measurements.size() / 2];
		}

		long medianPeakRss() {
			return this.measurements.stream()
				.mapToLong(Measurement::peakRss)
				.sorted()
				.toArray()[this.measurements.size() / 2];
		}

	}

}
