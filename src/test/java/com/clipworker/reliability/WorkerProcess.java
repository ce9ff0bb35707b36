package com.clipworker.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker started as a child process with a clean environment (only {@code PATH},
 * {@code HOME} and what the test gives), its output in a file the test reads. Two ways to
 * start one: {@link #start} runs a main class (the application, or a test main such as
 * {@link ProbeWorker}) from the test class path, or from the packaged jar when
 * {@code -Dclipworker.worker-jar=target/clipworker-0.1.0.jar} names one (through its
 * {@code PropertiesLauncher}, so a test main can be added from
 * {@code target/test-classes}; {@code benchmarks/shutdown} packages first);
 * {@link #startJar} runs {@code java <flags> -jar <jar>} the way the image does, on two
 * free ports. Besides waiting for health and exit, it measures start-up time, CPU time
 * and resident memory, and sends the signals the crash scenarios need (SIGTERM, SIGKILL,
 * SIGSTOP, SIGCONT).
 */
public final class WorkerProcess implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WorkerProcess.class);

	/** {@code getconf CLK_TCK} on Linux. */
	private static final long CLOCK_TICKS_PER_SECOND = 100;

	private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

	private final Process process;

	private final long startedAt;

	private final int port;

	private final Path log;

	private WorkerProcess(Process process, long startedAt, int port, Path log) {
		this.process = process;
		this.startedAt = startedAt;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts a main class with a 256 MB heap.
	 * @param mainClass the main class (the application, or a test main)
	 * @param env the environment variables ({@code PORT} among them, for {@link #port()})
	 * @param jvmOptions extra JVM options
	 * @param log where its output goes
	 * @return the running process
	 */
	public static WorkerProcess start(String mainClass, Map<String, String> env, List<String> jvmOptions, Path log) {
		List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
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
		int port = Integer.parseInt(env.getOrDefault("PORT", "-1"));
		return launch(new ProcessBuilder(command), env, port, log);
	}

	/**
	 * Starts {@code java <jvmOptions> -jar <jar>} in {@code workingDirectory}, its output
	 * in {@code worker.log} there.
	 * @param jar the application jar
	 * @param jvmOptions flags before {@code -jar}
	 * @param environment the variables to set besides {@code PATH}, {@code HOME},
	 * {@code PORT}, {@code MANAGEMENT_PORT} and {@code DATA_DIR}
	 * @param workingDirectory the process's working directory
	 * @return the running process
	 */
	public static WorkerProcess startJar(Path jar, List<String> jvmOptions, Map<String, String> environment,
			Path workingDirectory) {
		try {
			Files.createDirectories(workingDirectory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The worker did not start", ex);
		}
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(javaCommand());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		Map<String, String> env = new java.util.LinkedHashMap<>();
		env.put("DATA_DIR", workingDirectory.resolve("data").toString());
		env.put("PORT", Integer.toString(port));
		env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
		env.putAll(environment);
		return launch(new ProcessBuilder(command).directory(workingDirectory.toFile()), env, port,
				workingDirectory.resolve("worker.log"));
	}

	private static WorkerProcess launch(ProcessBuilder builder, Map<String, String> env, int port, Path log) {
		builder.redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().clear();
		builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
		builder.environment().put("HOME", System.getProperty("user.home"));
		builder.environment().putAll(env);
		long startedAt = System.nanoTime();
		try {
			return new WorkerProcess(builder.start(), startedAt, port, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The worker did not start", ex);
		}
	}

	/** The {@code java} launcher of the running JVM. */
	public static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** The packaged jar to run, or {@code null} to run from the test class path. */
	static @Nullable Path packagedJar() {
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

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The public port ({@code -1} when the environment named none). */
	public int port() {
		return this.port;
	}

	public Path log() {
		return this.log;
	}

	/** Everything the process has printed so far. */
	public String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The last 40 lines of the output. */
	public String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/** Polls until the output contains the text or the deadline passes. */
	public void awaitOutput(String text, Duration timeout) {
		await(() -> output().contains(text), timeout, "the worker to print \"" + text + "\"");
	}

	/** Polls every 10 ms until a condition holds or the deadline passes. */
	public static void await(BooleanSupplier condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
			}
			LockSupport.parkNanos(POLL_INTERVAL.toNanos());
		}
	}

	/**
	 * Polls {@code /api/health} every 10 ms until it answers 200.
	 * @param timeout how long to wait
	 * @return the time from just before the process started to the first 200
	 * @throws IllegalStateException when the process exits first or the time runs out
	 */
	public Duration awaitHealthy(Duration timeout) {
		long deadline = this.startedAt + timeout.toNanos();
		int lastStatus = 0;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"The worker exited with " + this.process.exitValue() + " before it was healthy:\n" + tail());
			}
			lastStatus = healthStatus();
			if (lastStatus == 200) {
				return Duration.ofNanos(System.nanoTime() - this.startedAt);
			}
			LockSupport.parkNanos(POLL_INTERVAL.toNanos());
		}
		throw new IllegalStateException(
				"The worker was not healthy within " + timeout + " (last status " + lastStatus + "):\n" + tail());
	}

	/**
	 * One {@code GET /api/health} over a fresh connection.
	 * @return the HTTP status, or 0 when nothing answers
	 */
	public int healthStatus() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] head = in.readNBytes(12);
			String statusLine = new String(head, StandardCharsets.US_ASCII);
			return statusLine.startsWith("HTTP/1.1 ") ? Integer.parseInt(statusLine.substring(9, 12)) : 0;
		}
		catch (IOException | NumberFormatException ex) {
			return 0;
		}
	}

	/**
	 * The CPU time the process has used so far (user and system), from
	 * {@code /proc/<pid>/stat}: unlike the wall time, it hardly depends on what else runs
	 * on the machine.
	 */
	public Duration cpuTime() {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(this.process.pid()), "stat"));
			// Fields after the command name, which is in parentheses and may contain
			// spaces.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The process's resident set size now, from {@code /proc/<pid>/status}. */
	public long residentBytes() {
		return procStatus("VmRSS:");
	}

	/** The process's peak resident set size so far. */
	public long peakResidentBytes() {
		return procStatus("VmHWM:");
	}

	private long procStatus(String field) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
				if (line.startsWith(field)) {
					String kib = line.substring(field.length()).trim().split("\\s+")[0];
					return Long.parseLong(kib) * 1024;
				}
			}
			throw new IllegalStateException(field + " is missing from /proc/" + this.process.pid() + "/status");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The live processes below this one (ffmpeg, Chromium and their children). */
	public List<ProcessHandle> descendants() {
		return this.process.descendants().toList();
	}

	/** Sends SIGTERM (what a platform sends before it stops a container) and returns. */
	public void terminate() {
		this.process.destroy();
	}

	/**
	 * Sends SIGKILL to the JVM alone (not to its children), as a crash or an OOM kill
	 * does, and waits for it to be gone.
	 */
	public void kill() {
		this.process.destroyForcibly();
		awaitExit(Duration.ofSeconds(30));
	}

	/** Sends SIGSTOP: the JVM freezes (its children run on), as in a long GC pause. */
	public void pause() {
		signal("STOP");
	}

	/** Sends SIGCONT after {@link #pause()}. */
	public void resume() {
		signal("CONT");
	}

	private void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid()))
				.redirectErrorStream(true)
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + name + " " + this.process.pid() + " failed: "
						+ new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted sending SIG" + name, ex);
		}
	}

	/**
	 * Sends SIGTERM and waits for the process to exit (a training run writes its archive
	 * then).
	 * @param timeout how long to wait before killing it
	 * @return the exit code
	 */
	public int stop(Duration timeout) {
		this.process.destroy();
		return awaitExit(timeout);
	}

	/**
	 * Waits for the process to exit.
	 * @param timeout how long to wait before killing it
	 * @return the exit code
	 * @throws IllegalStateException when it did not exit in time (it is killed then)
	 */
	public int awaitExit(Duration timeout) {
		try {
			if (this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return this.process.exitValue();
			}
			this.process.destroyForcibly();
			this.process.waitFor();
			throw new IllegalStateException("The worker did not exit within " + timeout + ":\n" + tail());
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the worker", ex);
		}
	}

	/** Kills the process and everything below it, and waits briefly for it to go. */
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

	/** A port nothing listens on right now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
