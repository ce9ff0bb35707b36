package com.clipworker.startup;

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

/**
 * The packaged worker started as a child process the way the image starts it
 * ({@code java <flags> -jar <jar>}), with a clean environment: only {@code PATH},
 * {@code HOME}, the given variables and two free ports. Measures the time from just
 * before the process starts to the first HTTP 200 from {@code /api/health}, and the
 * process's resident memory.
 */
final class WorkerProcess implements AutoCloseable {

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
	 * Starts {@code java <jvmOptions> -jar <jar>} in {@code workingDirectory}, its output
	 * in {@code worker.log} there.
	 * @param jar the application jar
	 * @param jvmOptions flags before {@code -jar}
	 * @param environment the variables to set besides {@code PATH}, {@code HOME},
	 * {@code PORT}, {@code MANAGEMENT_PORT} and {@code DATA_DIR}
	 * @param workingDirectory the process's working directory
	 * @return the running process
	 */
	static WorkerProcess start(Path jar, List<String> jvmOptions, Map<String, String> environment,
			Path workingDirectory) {
		try {
			Files.createDirectories(workingDirectory);
			Path log = workingDirectory.resolve("worker.log");
			int port = freePort();
			List<String> command = new ArrayList<>();
			command.add(javaCommand());
			command.addAll(jvmOptions);
			command.add("-jar");
			command.add(jar.toString());
			ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			Map<String, String> env = builder.environment();
			env.clear();
			env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
			env.put("HOME", System.getProperty("user.home"));
			env.put("DATA_DIR", workingDirectory.resolve("data").toString());
			env.put("PORT", Integer.toString(port));
			env.put("MANAGEMENT_PORT", Integer.toString(freePort()));
			env.putAll(environment);
			long startedAt = System.nanoTime();
			Process process = builder.start();
			return new WorkerProcess(process, startedAt, port, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The worker did not start", ex);
		}
	}

	/** The {@code java} launcher of the running JVM. */
	static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * Polls {@code /api/health} every 10 ms until it answers 200.
	 * @param timeout how long to wait
	 * @return the time from just before the process started to the first 200
	 * @throws IllegalStateException when the process exits first or the time runs out
	 */
	Duration awaitHealthy(Duration timeout) {
		long deadline = this.startedAt + timeout.toNanos();
		int lastStatus = 0;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"The worker exited with " + this.process.exitValue() + " before it was healthy:\n" + logTail());
			}
			lastStatus = healthStatus();
			if (lastStatus == 200) {
				return Duration.ofNanos(System.nanoTime() - this.startedAt);
			}
			LockSupport.parkNanos(POLL_INTERVAL.toNanos());
		}
		throw new IllegalStateException(
				"The worker was not healthy within " + timeout + " (last status " + lastStatus + "):\n" + logTail());
	}

	/**
	 * One {@code GET /api/health} over a fresh connection.
	 * @return the HTTP status, or 0 when nothing answers
	 */
	int healthStatus() {
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
	Duration cpuTime() {
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
	long residentBytes() {
		return procStatus("VmRSS:");
	}

	/** The process's peak resident set size so far. */
	long peakResidentBytes() {
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

	int port() {
		return this.port;
	}

	Path log() {
		return this.log;
	}

	/** The last lines of the worker's output. */
	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/**
	 * Sends SIGTERM and waits for the process to exit (a training run writes its archive
	 * then).
	 * @param timeout how long to wait before killing it
	 * @return the exit code
	 */
	int stop(Duration timeout) {
		this.process.destroy();
		try {
			if (this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return this.process.exitValue();
			}
			this.process.destroyForcibly();
			this.process.waitFor();
			throw new IllegalStateException("The worker did not stop within " + timeout + ":\n" + logTail());
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while stopping the worker", ex);
		}
	}

	/**
	 * Waits for the process to exit by itself.
	 * @param timeout how long to wait before killing it
	 * @return the exit code
	 */
	int awaitExit(Duration timeout) {
		try {
			if (this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return this.process.exitValue();
			}
			this.process.destroyForcibly();
			this.process.waitFor();
			throw new IllegalStateException("The worker did not exit within " + timeout + ":\n" + logTail());
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the worker", ex);
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
