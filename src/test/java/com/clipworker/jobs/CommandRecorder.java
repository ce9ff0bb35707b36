package com.clipworker.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.clipworker.media.ProcessRunner;

import org.slf4j.LoggerFactory;

/**
 * Records every process the worker's {@link ProcessRunner} ran successfully (from its
 * debug line), with the run and step it ran for, and keeps what it read and wrote: every
 * file of its working directory and every absolute file argument is hard-linked into a
 * snapshot directory the moment it exits (before the step deletes its directory), so the
 * same command can be run again bare, later, in the snapshot.
 */
final class CommandRecorder extends AppenderBase<ILoggingEvent> {

	private final Path snapshots;

	private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

	private final AtomicInteger sequence = new AtomicInteger();

	private final Logger logger = (Logger) LoggerFactory.getLogger(ProcessRunner.class);

	CommandRecorder(Path snapshots) {
		this.snapshots = snapshots;
	}

	void attach() {
		setContext(this.logger.getLoggerContext());
		setName("command-recorder");
		start();
		this.logger.addAppender(this);
		this.logger.setLevel(Level.DEBUG);
		this.logger.setAdditive(false);
	}

	void detach() {
		this.logger.detachAppender(this);
		this.logger.setLevel(null);
		this.logger.setAdditive(true);
		stop();
	}

	List<Recorded> forRun(String runId) {
		return this.recorded.stream().filter((command) -> command.runId().equals(runId)).toList();
	}

	@Override
	protected void append(ILoggingEvent event) {
		Object[] arguments = event.getArgumentArray();
		if (arguments == null || arguments.length != 4 || !(arguments[2] instanceof Path workDir)
				|| !(arguments[3] instanceof List<?> command)) {
			return;
		}
		Map<String, String> mdc = event.getMDCPropertyMap();
		Path snapshot = this.snapshots.resolve(String.format("%05d", this.sequence.incrementAndGet()));
		List<String> rewritten = new ArrayList<>();
		try {
			Files.createDirectories(snapshot);
			Path dir = workDir.toAbsolutePath().normalize();
			for (Object item : command) {
				String arg = String.valueOf(item);
				boolean prefixed = arg.startsWith("file:");
				String part = prefixed ? arg.substring("file:".length()) : arg;
				Path file = prefixed ? dir.resolve(part).normalize() : Path.of(part.isEmpty() ? "." : part);
				if ((prefixed || part.startsWith("/")) && !part.startsWith("/usr/") && Files.isRegularFile(file)) {
					Path link = link(file, snapshot);
					if (file.getFileName().toString().endsWith(".ffconcat")) {
						for (String line : Files.readAllLines(file)) {
							if (line.startsWith("file '")) {
								String name = line.substring("file '".length(), line.length() - 1);
								Path entry = snapshot.resolve(name);
								if (!Files.exists(entry)) {
									Files.createLink(entry, file.resolveSibling(name));
								}
							}
						}
					}
					rewritten.add((prefixed ? "file:" : "") + link);
				}
				else if (prefixed && part.startsWith("/")) {
					// An output that does not exist yet (or a pattern): write it in the
					// snapshot.
					rewritten.add("file:" + snapshot.resolve(Path.of(part).getFileName().toString()));
				}
				else {
					rewritten.add(arg);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not snapshot the inputs of " + command, ex);
		}
		String message = event.getFormattedMessage();
		long ms = Long.parseLong(String.valueOf(arguments[1]));
		this.recorded.add(new Recorded(mdc.getOrDefault("runId", "?"), mdc.getOrDefault("stepId", "?"),
				String.valueOf(arguments[0]), List.copyOf(rewritten), snapshot, ms, message));
	}

	private static Path link(Path file, Path snapshot) throws IOException {
		Path link = snapshot.resolve(file.getFileName().toString());
		if (!Files.exists(link)) {
			Files.createLink(link, file);
		}
		return link;
	}

	/**
	 * One process as the worker ran it.
	 *
	 * @param runId the run it ran for
	 * @param stepId the step it ran in
	 * @param program the program's name
	 * @param command the command, its paths pointing into the snapshot
	 * @param snapshot where its files were kept
	 * @param workerMs how long it ran under the worker
	 * @param line the worker's log line
	 */
	record Recorded(String runId, String stepId, String program, List<String> command, Path snapshot, long workerMs,
			String line) {

		/**
		 * Runs the command again, bare, in its snapshot: files still linked elsewhere are
		 * copied first so nothing outside is overwritten; the snapshot is deleted after.
		 * @return the wall time in nanoseconds
		 */
		long runBare() throws IOException, InterruptedException {
			String last = this.command.get(this.command.size() - 1);
			if (this.program.equals("ffmpeg") && last.startsWith("file:" + this.snapshot)) {
				Files.deleteIfExists(Path.of(last.substring("file:".length())));
			}
			try (Stream<Path> files = Files.walk(this.snapshot)) {
				for (Path file : files.filter(Files::isRegularFile).toList()) {
					if (((Number) Files.getAttribute(file, "unix:nlink")).intValue() > 1) {
						Path copy = file.resolveSibling(file.getFileName() + ".copy");
						Files.copy(file, copy);
						Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
					}
				}
			}
			long started = System.nanoTime();
			Process process = new ProcessBuilder(this.command).directory(this.snapshot.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(this.snapshot.resolve("bare.stderr").toFile())
				.start();
			if (!process.waitFor(30, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IllegalStateException("Bare run timed out: " + this.command);
			}
			long elapsed = System.nanoTime() - started;
			if (process.exitValue() != 0) {
				throw new IllegalStateException("Bare run exited " + process.exitValue() + ": " + this.command + "\n"
						+ Files.readString(this.snapshot.resolve("bare.stderr")));
			}
			try (Stream<Path> files = Files.walk(this.snapshot)) {
				for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
			return elapsed;
		}

	}

}
