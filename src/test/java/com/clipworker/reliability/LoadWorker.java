package com.clipworker.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.clipworker.db.TestDatabase;
import com.clipworker.local.harness.ExecutorHarness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load benchmarks' worker: one {@link ProbeWorker} process in cloud mode (every
 * request signature-checked) on its own database, driven by an executor harness over
 * loopback, and the figures the benchmark records, written to
 * {@code target/benchmarks/<report>} when it closes (appended, each run under a dated
 * heading).
 */
final class LoadWorker implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LoadWorker.class);

	/** A well-formed signature that matches no body. */
	private static final String BAD_SIGNATURE = "ab".repeat(32);

	final TestDatabase database;

	final ExecutorHarness harness;

	final WorkerProcess process;

	final int port;

	final int managementPort;

	/** The worker's {@code DATA_DIR}: its local object store is under it. */
	final Path data;

	final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Path report;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private LoadWorker(TestDatabase database, ExecutorHarness harness, WorkerProcess process, int port,
			int managementPort, Path data, Path report) {
		this.database = database;
		this.harness = harness;
		this.process = process;
		this.port = port;
		this.managementPort = managementPort;
		this.data = data;
		this.report = report;
	}

	/**
	 * Starts the worker and waits until it is healthy and synced with the harness.
	 * @param signingKey the Inngest signing key both sides use
	 * @param temp where the worker's data, media work and log go
	 * @param jvmFlags the worker JVM's flags
	 * @param settings environment beyond what every load run needs (worker settings)
	 * @param report the report's file name under {@code target/benchmarks}
	 */
	static LoadWorker start(String signingKey, Path temp, List<String> jvmFlags, Map<String, String> settings,
			String report) {
		TestDatabase database = TestDatabase.create();
		ExecutorHarness harness = ExecutorHarness.builder()
			.signingKey(signingKey)
			.retryBackoff(Duration.ofMillis(100))
			.build();
		int port = ReplicaPair.freePort();
		int managementPort = ReplicaPair.freePort();
		Path data = temp.resolve("data");
		Map<String, String> env = new HashMap<>();
		env.put("WORKER_MODE", "local");
		env.put("INNGEST_SIGNING_KEY", signingKey);
		env.put("INNGEST_EVENT_KEY", "test");
		env.put("INNGEST_BASE_URL", harness.apiUrl().toString());
		env.put("PORT", Integer.toString(port));
		env.put("MANAGEMENT_PORT", Integer.toString(managementPort));
		env.put("DATA_DIR", data.toString());
		env.put("CLIPWORKER_MEDIA_WORKDIR", temp.resolve("media").toString());
		env.put("DATABASE_URL",
				"postgresql://postgres@127.0.0.1:" + TestDatabase.server().getPort() + "/" + database.name());
		env.put("LOGGING_LEVEL_ROOT", "warn");
		env.putAll(settings);
		WorkerProcess process = WorkerProcess.start(ProbeWorker.class.getName(), env, jvmFlags, temp.resolve("w.log"));
		LoadWorker worker = new LoadWorker(database, harness, process, port, managementPort, data,
				Path.of("target", "benchmarks", report));
		try {
			ReplicaPair.awaitHealthy(process, port, Duration.ofMinutes(3));
			harness.sync(worker.url("/api/inngest"));
		}
		catch (RuntimeException | AssertionError ex) {
			worker.close();
			throw ex;
		}
		return worker;
	}

	URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** One scrape of the worker's Prometheus endpoint. */
	String prometheus() {
		try {
			return this.client
				.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
				.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A POST to a step with a current timestamp and a wrong signature, so the worker
	 * reads and hashes the body before it refuses it.
	 */
	HttpRequest badSignaturePost(byte[] body, Duration timeout) {
		return HttpRequest.newBuilder(url("/api/inngest?fnId=clipworker-probe-short&stepId=step"))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.header("X-Inngest-Signature", "t=" + Instant.now().getEpochSecond() + "&s=" + BAD_SIGNATURE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
	}

	/** Logs a figure and keeps it for the report, with the load average at the time. */
	void record(String format, Object... args) {
		String line = String.format(format, args) + " (load average " + loadAverage() + ")";
		logger.info("LOAD {}", line);
		this.lines.add(line);
	}

	@Override
	public void close() {
		this.process.close();
		this.harness.close();
		this.database.close();
		List<String> written = new ArrayList<>();
		written.add("## " + Instant.now());
		written.addAll(this.lines);
		try {
			Files.createDirectories(this.report.getParent());
			Files.write(this.report, written, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String percentile(List<Duration> values, int percentile) {
		if (values.isEmpty()) {
			return "n/a";
		}
		List<Duration> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return String.format("%.1f ms", sorted.get(Math.max(0, index)).toNanos() / 1e6);
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
