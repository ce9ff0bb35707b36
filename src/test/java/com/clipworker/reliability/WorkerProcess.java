package com.clipworker.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A worker started as a child process: from the packaged jar when
 * {@code -Dclipworker.worker-jar=target/clipworker-0.1.0.jar} names one (run through its
 * {@code PropertiesLauncher} so a test main class can be added from
 * {@code target/test-classes}; {@code benchmarks/shutdown} packages first), else from the
 * test class path, which always holds the classes just compiled. Output goes to a file
 * the test reads; the environment is exactly what the test gives (plus {@code PATH} and
 * {@code HOME}).
 */
final class WorkerProcess implements AutoCloseable {

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(WorkerProcess.class);

	private final Process process;

	private final Path log;

	private WorkerProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a worker.
	 * @param mainClass the main class (the application, or a test main)
	 * @param env the environment variables
	 * @param jvmOptions extra JVM options
	 * @param log where its output goes
	 */
	static WorkerProcess start(String mainClass, Map<String, String> env, List<String> jvmOptions, Path log) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
		command.addAll(jvmOptions);
		Path jar = packagedJar();
		if (jar != null) {
			command.addAll(List.of("-Dloader.path=" + Path.of("target", "test-classes").toAbsolutePath(),
					"-Dloader.main=" + mainClass, "-cp", jar.toString(),
					"org.springframework.boot.loader.launch.PropertiesLauncher"));
		}
		else {
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
		}
		logger.info("Starting {} from {}", mainClass, (jar != null) ? jar : "the test class path");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().clear();
		builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
		builder.environment().put("HOME", System.getProperty("user.home"));
		builder.environment().putAll(env);
		try {
			return new WorkerProcess(builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start a worker process", ex);
		}
	}

	/** The packaged jar to run, or {@code null} to run from the test class path. */
	static Path packagedJar() {
		String jar = System.getProperty("clipworker.worker-jar");
		if (jar == null || jar.isBlank()) {
			return null;
		}
		Path path = Path.of(jar).toAbsolutePath();
		if (!Files.isRegularFile(path)) {
			throw new IllegalStateException("clipworker.worker-jar names no file: " + path);
		}
		return path;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits for the process to exit and returns its exit code. */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("The worker did not exit within " + timeout + ":\n" + tail());
		}
		return this.process.exitValue();
	}

	/** Polls until a condition holds or the deadline passes. */
	void awaitOutput(String text, Duration timeout) {
		await(() -> output().contains(text), timeout, "the worker to print \"" + text + "\"");
	}

	static void await(BooleanSupplier condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
	}

	/** Sends SIGTERM (what a platform sends before it stops a container). */
	void terminate() {
		this.process.destroy();
	}

	String tail() {
		String text = output();
		return text.substring(Math.max(0, text.length() - 4000));
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroyForcibly);
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
