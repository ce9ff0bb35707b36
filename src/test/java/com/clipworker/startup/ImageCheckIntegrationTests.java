package com.clipworker.startup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code scripts/image-check}, so that the Dockerfile's build, layout, training and
 * start commands cannot rot: a fresh build of a copy of the build context, the layer
 * extraction, the AOT training run, and the worker started with the CMD's flags in
 * production mode against a real PostgreSQL and S3Mock until {@code /api/health} answers
 * 200. Takes a minute or two (a whole package build), hence {@code slow}.
 */
@Tag("slow")
class ImageCheckIntegrationTests {

	@TempDir
	Path temp;

	@Test
	void theDockerfilesCommandsBuildAndStartAHealthyWorker() throws IOException, InterruptedException {
		Path output = this.temp.resolve("image-check.log");
		ProcessBuilder builder = new ProcessBuilder("bash", "scripts/image-check").redirectErrorStream(true)
			.redirectOutput(output.toFile());
		// The launcher and the local servers are on this JVM's class path already.
		builder.environment().put("CLIPWORKER_TEST_CLASSPATH", testClassPath());
		Process process = builder.start();
		boolean exited = process.waitFor(15, TimeUnit.MINUTES);
		if (!exited) {
			process.destroyForcibly();
		}
		String log = Files.readString(output);
		assertThat(exited).as("image-check finished within 15 minutes:%n%s", log).isTrue();
		assertThat(process.exitValue()).as("image-check's exit code:%n%s", log).isZero();
		assertThat(log).contains("The Dockerfile's AOT training run took")
			.contains("/api/health 200 after")
			.contains("image-check: ok");
	}

	private static String testClassPath() {
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		assertThat(classPath.split(File.pathSeparator)).as("test class path")
			.anyMatch((entry) -> entry.endsWith("test-classes"));
		return classPath;
	}

}
