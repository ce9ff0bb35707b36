package com.clipworker.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import com.clipworker.reliability.WorkerProcess;

/**
 * The application as the Dockerfile lays it out in {@code /app}: the packaged jar
 * extracted into Spring Boot's layers
 * ({@code java -Djarmode=tools -jar <jar> extract --layers}), the layers copied on top of
 * each other in the Dockerfile's order, and the application jar renamed to
 * {@code clipworker.jar}.
 */
final class ImageLayout {

	/** The layers in the order of the Dockerfile's COPY lines. */
	static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	private ImageLayout() {
	}

	/**
	 * Extracts and assembles {@code packagedJar} into {@code app}.
	 * @param packagedJar {@code target/clipworker-<version>.jar}
	 * @param app the directory to create (like {@code /app})
	 * @return the path of {@code clipworker.jar} in it
	 */
	static Path assemble(Path packagedJar, Path app) {
		try {
			Path extracted = Files.createTempDirectory("clipworker-extracted-");
			Path scratch = extracted.resolve("layers");
			Process extract = new ProcessBuilder(WorkerProcess.javaCommand(), "-Djarmode=tools", "-jar",
					packagedJar.toString(), "extract", "--layers", "--destination", scratch.toString())
				.redirectErrorStream(true)
				.redirectOutput(extracted.resolve("extract.log").toFile())
				.start();
			if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
				extract.destroyForcibly();
				throw new IllegalStateException(
						"Extracting " + packagedJar + " failed: " + Files.readString(extracted.resolve("extract.log")));
			}
			Files.createDirectories(app);
			for (String layer : LAYERS) {
				Path source = scratch.resolve(layer);
				if (Files.isDirectory(source)) {
					copyTree(source, app);
				}
			}
			Path renamed = app.resolve("clipworker.jar");
			try (DirectoryStream<Path> jars = Files.newDirectoryStream(app, "clipworker-*.jar")) {
				for (Path jar : jars) {
					Files.move(jar, renamed, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			if (!Files.isRegularFile(renamed)) {
				throw new IllegalStateException("The application layer of " + packagedJar + " has no clipworker-*.jar");
			}
			return renamed;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while extracting " + packagedJar, ex);
		}
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : (Iterable<Path>) paths::iterator) {
				Path destination = target.resolve(source.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(destination);
				}
				else {
					Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING,
							StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
		}
	}

}
