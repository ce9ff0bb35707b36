package com.clipworker.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Reading the start and training commands out of a Dockerfile, and the repository's
 * Dockerfile itself.
 */
class DockerfileCommandTests {

	@TempDir
	Path temp;

	@Test
	void jvmFlagsAreTheFlagsBetweenJavaAndJarOfTheLastCmd() throws IOException {
		Path dockerfile = write("""
				FROM debian
				HEALTHCHECK --interval=30s \\
				  CMD curl -fsS "http://127.0.0.1:${PORT}/api/health" >/dev/null || exit 1
				CMD ["java", "-Xmx64m", "-jar", "/old.jar"]
				CMD [ "java", "-Xmx256m", "-XX:AOTCache=/app/a.aot", "-jar", "/app/clipworker.jar" ]
				""");
		assertThat(DockerfileCommand.jvmFlags(dockerfile)).containsExactly("-Xmx256m", "-XX:AOTCache=/app/a.aot");
	}

	@Test
	void jvmFlagsWithoutAJavaCmdIsAnError() throws IOException {
		Path dockerfile = write("""
				FROM debian
				CMD ["sh", "-c", "java -jar app.jar"]
				""");
		assertThatIllegalStateException().isThrownBy(() -> DockerfileCommand.jvmFlags(dockerfile))
			.withMessageContaining("no exec-form CMD");
	}

	@Test
	void trainingRunJoinsContinuationLinesAndSplitsVariablesFromTheCommand() throws IOException {
		Path dockerfile = write("""
				FROM debian
				# a comment between instructions
				RUN WORKER_MODE=production DATA_DIR=/tmp/t \\
				      R2_BUCKET=training \\
				    java -Xmx256m -XX:AOTCacheOutput=/app/clipworker.aot -Dspring.context.exit=onRefresh \\
				      -jar /app/clipworker.jar \\
				 && rm -rf /tmp/t
				""");
		DockerfileCommand.TrainingRun run = DockerfileCommand.trainingRun(dockerfile);
		assertThat(run.environment()).containsExactly(entry("WORKER_MODE", "production"), entry("DATA_DIR", "/tmp/t"),
				entry("R2_BUCKET", "training"));
		assertThat(run.arguments()).containsExactly("-Xmx256m", "-XX:AOTCacheOutput=/app/clipworker.aot",
				"-Dspring.context.exit=onRefresh", "-jar", "/app/clipworker.jar");
		assertThat(run.cacheOutput()).isEqualTo("/app/clipworker.aot");
		DockerfileCommand.TrainingRun moved = run.relocated("/app", Path.of("/tmp/here"));
		assertThat(moved.arguments()).contains("-XX:AOTCacheOutput=/tmp/here/clipworker.aot",
				"/tmp/here/clipworker.jar");
		assertThat(moved.environment()).containsEntry("DATA_DIR", "/tmp/t");
	}

	@Test
	void aDockerfileWithoutATrainingRunIsAnError() throws IOException {
		Path dockerfile = write("""
				FROM debian
				RUN java -version
				""");
		assertThatIllegalStateException().isThrownBy(() -> DockerfileCommand.trainingRun(dockerfile))
			.withMessageContaining("no RUN with -XX:AOTCacheOutput=");
	}

	@Test
	void theImageStartsWithACappedHeapAndTheCacheItsTrainingRunWrites() {
		Path dockerfile = Path.of("Dockerfile");
		List<String> flags = DockerfileCommand.jvmFlags(dockerfile);
		DockerfileCommand.TrainingRun training = DockerfileCommand.trainingRun(dockerfile);
		assertThat(flags).contains("-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=" + training.cacheOutput());
		assertThat(DockerfileCommand.withoutAotCache(flags)).noneMatch((flag) -> flag.startsWith("-XX:AOTCache"));
	}

	@Test
	void theTrainingRunUsesTheHeapStackAndCollectorOfTheImage() {
		// The cache records the JVM's configuration; train the way the worker runs.
		Path dockerfile = Path.of("Dockerfile");
		List<String> memoryFlags = DockerfileCommand.jvmFlags(dockerfile)
			.stream()
			.filter((flag) -> flag.startsWith("-Xm") || flag.startsWith("-Xss") || flag.endsWith("GC"))
			.toList();
		assertThat(memoryFlags).isNotEmpty();
		assertThat(DockerfileCommand.trainingRun(dockerfile).arguments()).containsAll(memoryFlags);
	}

	@Test
	void theTrainingRunCannotReachAnythingAndLeavesTheSchemaAlone() {
		DockerfileCommand.TrainingRun training = DockerfileCommand.trainingRun(Path.of("Dockerfile"));
		assertThat(training.environment()).containsEntry("WORKER_MODE", "production")
			.containsEntry("DATABASE_MIGRATE", "false");
		assertThat(training.environment().get("DATABASE_URL")).contains("@127.0.0.1:");
		assertThat(training.environment().get("R2_ENDPOINT")).startsWith("http://127.0.0.1:");
		assertThat(training.arguments()).contains("-Dspring.context.exit=onRefresh");
	}

	private static java.util.Map.Entry<String, String> entry(String key, String value) {
		return java.util.Map.entry(key, value);
	}

	private Path write(String content) throws IOException {
		return Files.writeString(this.temp.resolve("Dockerfile"), content);
	}

}
