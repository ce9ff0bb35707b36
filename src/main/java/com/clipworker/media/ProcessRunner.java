package com.clipworker.media;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.clipworker.files.DiskSpace;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the worker starts a process. Each run takes a slot of its
 * {@link ProcessKind} (waiting at most the configured time, then
 * {@link MediaBusyException}), runs in the job's directory with stdin closed and both
 * pipes drained, and ends in one of: exit 0; non-zero exit ({@link MediaProcessException}
 * with the stderr tail); deadline ({@link MediaTimeoutException}); interrupt
 * ({@link MediaCancelledException}); a full disk reported on stderr
 * ({@link InsufficientDiskException}, whatever the exit status: ffmpeg 5.1 exits 0 when
 * only its trailer could not be written, leaving a truncated file). On any failure the
 * whole process tree is killed, descendants first, and the declared outputs are deleted.
 * {@link #close()} (context shutdown, and a JVM shutdown hook unless
 * {@link #closedByOwner()}) kills every tree still running.
 */
public final class ProcessRunner implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ProcessRunner.class);

	private static final int TAIL_LINES = 40;

	private static final int TAIL_CHARS = 4000;

	private static final int MAX_STDOUT = 16 * 1024 * 1024;

	private final MediaProperties properties;

	private final MeterRegistry registry;

	private final Map<ProcessKind, Semaphore> slots = new EnumMap<>(ProcessKind.class);

	private final Map<ProcessKind, AtomicInteger> running = new EnumMap<>(ProcessKind.class);

	private final Map<ProcessKind, AtomicInteger> waiting = new EnumMap<>(ProcessKind.class);

	private final Set<ProcessHandle> live = ConcurrentHashMap.newKeySet();

	private final Map<ProcessKind, Set<Estimate>> estimates = new EnumMap<>(ProcessKind.class);

	private final Thread shutdownHook = new Thread(this::killAll, "media-process-reaper");

	private volatile boolean closed;

	public ProcessRunner(MediaProperties properties, MeterRegistry registry) {
		this.properties = properties;
		this.registry = registry;
		for (ProcessKind kind : ProcessKind.values()) {
			this.slots.put(kind, new Semaphore(properties.slots(kind), true));
			AtomicInteger runningCount = new AtomicInteger();
			AtomicInteger waitingCount = new AtomicInteger();
			this.running.put(kind, runningCount);
			this.waiting.put(kind, waitingCount);
			this.estimates.put(kind, ConcurrentHashMap.newKeySet());
			Gauge.builder("clipworker.media.running", runningCount, AtomicInteger::get)
				.tag("kind", kind.id())
				.description("Media operations holding a slot")
				.register(registry);
			Gauge.builder("clipworker.media.waiting", waitingCount, AtomicInteger::get)
				.tag("kind", kind.id())
				.description("Media operations waiting for a slot")
				.register(registry);
		}
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	public MediaProperties properties() {
		return this.properties;
	}

	/**
	 * Runs one process to completion under a slot of its kind.
	 * @param request what to run
	 * @return its stdout and stderr tail when it exited with 0
	 */
	public ProcessResult run(ProcessRequest request) {
		try (Slot slot = acquire(request.kind())) {
			return runHoldingSlot(request);
		}
	}

	/**
	 * Takes a slot of a kind for work that spans several calls (a Chromium render batch).
	 * @param kind the kind
	 * @return the slot, released on close
	 */
	public Slot acquire(ProcessKind kind) {
		if (this.closed) {
			throw new MediaCancelledException("Taking a " + kind.id() + " slot during shutdown");
		}
		Semaphore semaphore = this.slots.get(kind);
		AtomicInteger waitingCount = this.waiting.get(kind);
		waitingCount.incrementAndGet();
		long started = System.nanoTime();
		try {
			if (!semaphore.tryAcquire(this.properties.busyWait().toMillis(), TimeUnit.MILLISECONDS)) {
				record(kind, "busy", System.nanoTime() - started);
				throw new MediaBusyException(kind, this.properties.busyWait(), retryDelay(kind));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MediaCancelledException("Waiting for a " + kind.id() + " slot");
		}
		finally {
			waitingCount.decrementAndGet();
		}
		this.running.get(kind).incrementAndGet();
		return new Slot(kind);
	}

	/**
	 * The retry delay of a busy answer: when the soonest a running process of the kind is
	 * expected to end (from its progress so far: elapsed × (1 − done) / done), at least 1
	 * s and at most {@code retry-after}; {@code retry-after} when no running process
	 * reports progress. A fixed delay let a slot that freed just after the answer sit
	 * idle for the whole delay; this one brings the work back about when the slot frees.
	 * @param kind the kind whose slots are all taken
	 * @return the delay to suggest
	 */
	Duration retryDelay(ProcessKind kind) {
		Duration ceiling = this.properties.retryAfter();
		long now = System.nanoTime();
		Duration soonest = ceiling;
		for (Estimate estimate : this.estimates.get(kind)) {
			Duration remaining = estimate.remaining(now);
			if (remaining != null && remaining.compareTo(soonest) < 0) {
				soonest = remaining;
			}
		}
		Duration floor = Duration.ofSeconds(1);
		return (soonest.compareTo(floor) < 0) ? ((ceiling.compareTo(floor) < 0) ? ceiling : floor) : soonest;
	}

	/**
	 * Starts a long-lived process (not bound by a deadline) whose tree is killed when the
	 * handle is closed or the runner shuts down.
	 * @param command program and arguments
	 * @param workDir where it runs
	 * @param stderrLines receives every stderr line
	 * @return the running process
	 */
	public RunningProcess start(List<String> command, Path workDir, Consumer<String> stderrLines) {
		Process process = startProcess(command, workDir);
		Tail tail = new Tail();
		drain("media-stderr-" + process.pid(), () -> drainLines(process.getErrorStream(), (line) -> {
			tail.add(line);
			stderrLines.accept(line);
		}));
		drain("media-stdout-" + process.pid(), () -> drainLines(process.getInputStream(), (line) -> {
		}));
		return new RunningProcess() {

			@Override
			public long pid() {
				return process.pid();
			}

			@Override
			public boolean isAlive() {
				return process.isAlive();
			}

			@Override
			public String stderrTail() {
				return tail.toString();
			}

			@Override
			public void close() {
				killTree(process.toHandle());
				ProcessRunner.this.live.remove(process.toHandle());
			}

		};
	}

	private ProcessResult runHoldingSlot(ProcessRequest request) {
		Duration limit = request.limitNow();
		if (limit.toMillis() <= 0) {
			deleteOutputs(request.outputs());
			record(request.kind(), "timeout", 0);
			throw new MediaTimeoutException(request.command(), operationDeadline(request),
					"nothing of the operation's deadline was left to start it");
		}
		long started = System.nanoTime();
		String outcome = "failure";
		Process process = startProcess(request.command(), request.workDir());
		ProcessHandle handle = process.toHandle();
		Tail tail = new Tail();
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		boolean parseProgress = request.progress() != ProgressListener.NONE;
		Estimate estimate = new Estimate(started);
		if (parseProgress) {
			this.estimates.get(request.kind()).add(estimate);
		}
		AtomicBoolean diskFull = new AtomicBoolean();
		Thread errDrain = drain("media-stderr-" + process.pid(), () -> drainLines(process.getErrorStream(), (line) -> {
			tail.add(line);
			if (DiskSpace.saysFull(line)) {
				diskFull.set(true);
			}
			request.stderrLines().accept(line);
		}));
		Thread outDrain = drain("media-stdout-" + process.pid(), () -> {
			if (parseProgress) {
				drainLines(process.getInputStream(), new ProgressParser(request.expectedMs(), (fraction) -> {
					estimate.done = fraction;
					request.progress().progress(fraction);
				}));
			}
			else {
				drainBytes(process.getInputStream(), stdout);
			}
		});
		try {
			if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				killTree(handle);
				joinQuietly(errDrain, outDrain);
				outcome = "timeout";
				throw new MediaTimeoutException(request.command(), operationDeadline(request), tail.toString());
			}
			joinQuietly(errDrain, outDrain);
			int exit = process.exitValue();
			if (diskFull.get()) {
				throw new InsufficientDiskException(programName(request.command()), request.workDir(),
						DiskSpace.usableBytes(request.workDir()), tail.toString());
			}
			if (exit != 0) {
				throw new MediaProcessException(request.command(), exit, tail.toString());
			}
			if (this.closed) {
				outcome = "cancelled";
				throw new MediaCancelledException(programName(request.command()));
			}
			outcome = "success";
			if (logger.isDebugEnabled()) {
				logger.debug("{} exited 0 after {} ms in {}: {}", programName(request.command()),
						TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), request.workDir(),
						request.command());
			}
			return new ProcessResult(stdout.toString(StandardCharsets.UTF_8), tail.toString(),
					Duration.ofNanos(System.nanoTime() - started));
		}
		catch (InterruptedException ex) {
			killTree(handle);
			outcome = "cancelled";
			Thread.currentThread().interrupt();
			throw new MediaCancelledException(programName(request.command()));
		}
		finally {
			if (process.isAlive()) {
				killTree(handle);
			}
			this.live.remove(handle);
			this.estimates.get(request.kind()).remove(estimate);
			if (!"success".equals(outcome)) {
				deleteOutputs(request.outputs());
			}
			record(request.kind(), outcome, System.nanoTime() - started);
		}
	}

	private static Duration operationDeadline(ProcessRequest request) {
		return (request.operation() != null && request.operation().total().compareTo(request.deadline()) < 0)
				? request.operation().total() : request.deadline();
	}

	private Process startProcess(List<String> command, Path workDir) {
		if (this.closed) {
			throw new MediaCancelledException("Starting " + programName(command) + " during shutdown");
		}
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			this.live.add(process.toHandle());
			return process;
		}
		catch (IOException ex) {
			throw new MediaProcessException("Could not start " + programName(command) + ": " + ex.getMessage(), ex);
		}
	}

	private void record(ProcessKind kind, String outcome, long nanos) {
		Timer.builder("clipworker.media.duration")
			.tag("kind", kind.id())
			.tag("outcome", outcome)
			.description("Wall time of media processes by kind and outcome")
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Kills a process and everything below it, descendants first, then waits briefly for
	 * the root (the JVM's own child) to be reaped. Descendants are not waited for: once
	 * their parent is gone nothing may reap them, and a zombie holds no resources.
	 * @param root the root of the tree
	 */
	static void killTree(ProcessHandle root) {
		List<ProcessHandle> tree = new ArrayList<>();
		collectPostOrder(root, tree);
		tree.forEach(ProcessHandle::destroyForcibly);
		try {
			root.onExit().get(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn("Process {} did not exit within 5 s of SIGKILL", root.pid());
		}
	}

	private static void collectPostOrder(ProcessHandle handle, List<ProcessHandle> tree) {
		handle.children().forEach((child) -> collectPostOrder(child, tree));
		tree.add(handle);
	}

	private void killAll() {
		for (ProcessHandle handle : List.copyOf(this.live)) {
			killTree(handle);
			this.live.remove(handle);
		}
	}

	private static void deleteOutputs(List<Path> outputs) {
		for (Path output : outputs) {
			try {
				Files.deleteIfExists(output);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not delete the output of a failed run: " + output, ex);
			}
		}
	}

	private static void joinQuietly(Thread... threads) throws InterruptedException {
		for (Thread thread : threads) {
			thread.join(Duration.ofSeconds(10));
		}
	}

	/**
	 * Starts a thread that reads one of a process's pipes. A platform thread, not a
	 * virtual one: a pipe read blocks the thread that makes it, and a virtual thread
	 * blocked there holds its carrier unless the scheduler compensates, which it does not
	 * always do. The pipes of a quiet long-lived process (the warm browser) then held
	 * both carriers of a 2-core worker for good, and no request or step could run.
	 */
	private static Thread drain(String name, Runnable reader) {
		return Thread.ofPlatform().name(name).daemon().stackSize(256 * 1024).start(reader);
	}

	private static void drainLines(InputStream stream, Consumer<String> lines) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				lines.accept(line);
			}
		}
		catch (IOException ex) {
			// The stream closes when the process is killed; nothing more to read.
		}
	}

	private static void drainBytes(InputStream stream, ByteArrayOutputStream sink) {
		byte[] buffer = new byte[8192];
		try (stream) {
			int read;
			while ((read = stream.read(buffer)) != -1) {
				if (sink.size() + read <= MAX_STDOUT) {
					sink.write(buffer, 0, read);
				}
			}
		}
		catch (IOException ex) {
			// The stream closes when the process is killed; nothing more to read.
		}
	}

	/** The file name of the program, for messages (never the arguments). */
	static String programName(List<String> command) {
		return command.isEmpty() ? "(empty command)" : Path.of(command.get(0)).getFileName().toString();
	}

	/**
	 * Leaves killing the running trees to whoever closes this runner, instead of the JVM
	 * shutdown hook. The Spring context does so: on SIGTERM it first lets in-flight
	 * requests finish (graceful shutdown,
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}) and only then closes the
	 * runner, whereas the hook runs at once, beside the drain, and would kill the ffmpeg
	 * of a step that the grace period was meant to let finish.
	 * @return this runner
	 */
	public ProcessRunner closedByOwner() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: the hook is running or has run.
		}
		return this;
	}

	@Override
	public void close() {
		this.closed = true;
		killAll();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: the hook is running or has run.
		}
	}

	/** A held concurrency slot; release it by closing. */
	public final class Slot implements AutoCloseable {

		private final ProcessKind kind;

		private boolean released;

		private Slot(ProcessKind kind) {
			this.kind = kind;
		}

		@Override
		public void close() {
			if (!this.released) {
				this.released = true;
				ProcessRunner.this.running.get(this.kind).decrementAndGet();
				ProcessRunner.this.slots.get(this.kind).release();
			}
		}

	}

	/** When a running process is expected to end, from its progress. */
	private static final class Estimate {

		private final long startedNanos;

		private volatile double done;

		Estimate(long startedNanos) {
			this.startedNanos = startedNanos;
		}

		/** Expected time left, or null before 1 % is done (too early to tell). */
		@Nullable Duration remaining(long now) {
			double fraction = this.done;
			if (fraction < 0.01) {
				return null;
			}
			double elapsed = now - this.startedNanos;
			return Duration.ofNanos((long) (elapsed * (1 - fraction) / fraction));
		}

	}

	/** The last lines of a stream, bounded in lines and characters. */
	static final class Tail {

		private final Deque<String> lines = new ArrayDeque<>();

		synchronized void add(String line) {
			this.lines.addLast((line.length() > 500) ? line.substring(0, 500) + "…" : line);
			while (this.lines.size() > TAIL_LINES) {
				this.lines.removeFirst();
			}
		}

		@Override
		public synchronized String toString() {
			String joined = String.join("\n", this.lines).strip();
			return (joined.length() > TAIL_CHARS) ? joined.substring(joined.length() - TAIL_CHARS) : joined;
		}

	}

	/**
	 * Reads ffmpeg's {@code -progress} key=value blocks and reports
	 * {@code out_time_us / expected}. Jaffree parses the same blocks but only from a TCP
	 * socket it opens itself, which a supervised pipe does not need.
	 */
	static final class ProgressParser implements Consumer<String> {

		private final long expectedMs;

		private final ProgressListener listener;

		private double last = -1;

		ProgressParser(long expectedMs, ProgressListener listener) {
			this.expectedMs = expectedMs;
			this.listener = listener;
		}

		@Override
		public void accept(String line) {
			if (line.startsWith("out_time_us=") && this.expectedMs > 0) {
				String value = line.substring("out_time_us=".length()).trim();
				if (!value.isEmpty() && !"N/A".equals(value)) {
					double fraction = Math.clamp(Long.parseLong(value) / 1000.0 / this.expectedMs, 0.0, 1.0);
					report(Math.min(fraction, 0.999));
				}
			}
			else if ("progress=end".equals(line.trim())) {
				report(1.0);
			}
		}

		private void report(double fraction) {
			if (fraction > this.last) {
				this.last = fraction;
				this.listener.progress(fraction);
			}
		}

	}

}
