package com.clipworker.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.clipworker.reliability.WorkerProcess;

/**
 * What {@code scripts/image-check} runs after it has built and laid out the image's
 * application: starts a real PostgreSQL and S3Mock on 127.0.0.1, then the worker with the
 * Dockerfile's CMD flags in production mode against them, waits for {@code /api/health}
 * to answer 200, and stops everything. Exits 0 when the worker was healthy and stopped
 * cleanly, 1 otherwise.
 *
 * <pre>
 * ImageCheck --jar app/clipworker.jar [--dockerfile Dockerfile] [--train] [--flag -XX:...]... [--starts N] [--idle 5]
 * </pre>
 *
 * {@code --train} first runs the Dockerfile's AOT training run. Paths under the image's
 * application directory ({@code --app-root}, {@code /app}) in the Dockerfile's commands
 * are moved to the directory of {@code --jar}.
 */
public final class ImageCheck {

	private static final Logger logger = LoggerFactory.getLogger(ImageCheck.class);

	private ImageCheck() {
	}

	public static void main(String[] args) {
		int status;
		try {
			run(Options.parse(args));
			status = 0;
		}
		catch (RuntimeException ex) {
			logger.error("Image check failed: {}", ex.getMessage());
			status = 1;
		}
		// The shutdown hooks stop S3Mock and PostgreSQL.
		System.exit(status);
	}

	static void run(Options options) {
		Path app = options.jar().getParent();
		if (options.train()) {
			Duration training = train(options.dockerfile(), options.appRoot(), app);
			logger.info("The Dockerfile's AOT training run took {} ms", training.toMillis());
		}
		List<String> flags = new ArrayList<>();
		for (String flag : DockerfileCommand.jvmFlags(options.dockerfile())) {
			flags.add(DockerfileCommand.relocate(flag, options.appRoot(), app));
		}
		flags.addAll(options.extraFlags());
		WorkerServices services = WorkerServices.start();
		Map<String, String> env = services.environment();
		Path work = temporaryDirectory();
		logger.info("Starting java {} -jar {} in production mode", String.join(" ", flags), options.jar());
		for (int i = 0; i < options.starts(); i++) {
			try (WorkerProcess worker = WorkerProcess.startJar(options.jar(), flags, env, work.resolve("run-" + i))) {
				Duration healthy = worker.awaitHealthy(Duration.ofSeconds(90));
				Duration cpu = worker.cpuTime();
				long idleUntil = System.nanoTime() + options.idle().toNanos();
				while (System.nanoTime() < idleUntil) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
				}
				long rss = worker.residentBytes();
				int health = worker.healthStatus();
				int exit = worker.stop(Duration.ofSeconds(60));
				logger.info(
						"start {}: /api/health 200 after {} ms ({} ms CPU); RSS after {} s idle {} MiB; health then {}; exit {}",
						i, healthy.toMillis(), cpu.toMillis(), options.idle().toSeconds(), rss / (1024 * 1024), health,
						exit);
				if (health != 200) {
					throw new IllegalStateException(
							"/api/health answered " + health + " after idling:\n" + worker.tail());
				}
				// 143: the JVM ended by SIGTERM after its shutdown hooks ran.
				if (exit != 0 && exit != 143) {
					throw new IllegalStateException("The worker exited with " + exit + ":\n" + worker.tail());
				}
			}
		}
	}

	/**
	 * Runs the Dockerfile's AOT training run on the application in {@code app} and checks
	 * that it wrote the cache.
	 * @param dockerfile the Dockerfile
	 * @param appRoot the image's application directory
	 * @param app where the application is laid out here
	 * @return how long the run took, cache assembly included
	 */
	static Duration train(Path dockerfile, String appRoot, Path app) {
		DockerfileCommand.TrainingRun run = DockerfileCommand.trainingRun(dockerfile).relocated(appRoot, app);
		int jar = run.arguments().indexOf("-jar");
		long started = System.nanoTime();
		try (WorkerProcess training = WorkerProcess.startJar(Path.of(run.arguments().get(jar + 1)),
				run.arguments().subList(0, jar), run.environment(), temporaryDirectory())) {
			int exit = training.awaitExit(Duration.ofMinutes(5));
			if (exit != 0) {
				throw new IllegalStateException("The AOT training run exited with " + exit + ":\n" + training.tail());
			}
			Path cache = Path.of(run.cacheOutput());
			if (!Files.isRegularFile(cache) || size(cache) == 0) {
				throw new IllegalStateException(
						"The AOT training run wrote no cache at " + cache + ":\n" + training.tail());
			}
		}
		return Duration.ofNanos(System.nanoTime() - started);
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("clipworker-image-check-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The command line.
	 *
	 * @param jar the application jar to start
	 * @param dockerfile where the CMD flags come from
	 * @param extraFlags flags after the CMD's
	 * @param starts how many times to start the worker
	 * @param idle how long each start stays up after it is healthy
	 * @param appRoot the image's application directory
	 * @param train whether to run the AOT training run first
	 */
	record Options(Path jar, Path dockerfile, List<String> extraFlags, int starts, Duration idle, String appRoot,
			boolean train) {

		static Options parse(String[] args) {
			Path jar = null;
			Path dockerfile = Path.of("Dockerfile");
			List<String> extra = new ArrayList<>();
			int starts = 1;
			Duration idle = Duration.ZERO;
			String appRoot = "/app";
			boolean train = false;
			for (int i = 0; i < args.length; i++) {
				if (args[i].equals("--train")) {
					train = true;
					continue;
				}
				String value = (i + 1 < args.length) ? args[i + 1] : null;
				if (value == null) {
					throw new IllegalArgumentException(args[i] + " needs a value");
				}
				switch (args[i]) {
					case "--jar" -> jar = Path.of(value);
					case "--dockerfile" -> dockerfile = Path.of(value);
					case "--flag" -> extra.add(value);
					case "--app-root" -> appRoot = value;
					case "--starts" -> starts = Integer.parseInt(value);
					case "--idle" -> idle = Duration.ofSeconds(Long.parseLong(value.replaceAll("s$", "")));
					default -> throw new IllegalArgumentException("Unknown option " + args[i]);
				}
				i++;
			}
			if (jar == null || !Files.isRegularFile(jar)) {
				throw new IllegalArgumentException("--jar names no file: " + jar);
			}
			return new Options(jar.toAbsolutePath(), dockerfile, List.copyOf(extra), starts, idle, appRoot, train);
		}

	}

}
