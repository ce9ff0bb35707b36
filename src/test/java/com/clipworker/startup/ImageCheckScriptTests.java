package com.clipworker.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scripts/image-check} runs the Dockerfile's build commands, not look-alikes: each
 * build-stage command appears in the script word for word, and the layers are copied in
 * the order of the Dockerfile's COPY lines. (The start and training commands the script
 * does not copy: {@link ImageCheck} reads them from the Dockerfile.)
 */
class ImageCheckScriptTests {

	private final String script = read(Path.of("scripts", "image-check"));

	private final String dockerfile = read(Path.of("Dockerfile"));

	@Test
	void theScriptRunsEveryMavenCommandOfTheBuildStage() {
		List<String> commands = runCommands().stream().filter((command) -> command.startsWith("./mvnw")).toList();
		assertThat(commands).hasSize(2);
		assertThat(commands).allSatisfy((command) -> assertThat(this.script).contains(command));
	}

	@Test
	void theScriptExtractsTheLayersWithTheSameCommand() {
		String extract = runCommands().stream()
			.filter((command) -> command.startsWith("java -Djarmode=tools"))
			.findFirst()
			.orElseThrow();
		String withoutDestination = extract.substring(0, extract.indexOf("--destination") + "--destination".length());
		assertThat(this.script).contains(withoutDestination);
	}

	@Test
	void theScriptStacksTheLayersInTheOrderOfTheCopyLines() {
		List<String> copied = new ArrayList<>();
		for (String line : this.dockerfile.lines().toList()) {
			if (line.startsWith("COPY --from=build") && line.contains("/extracted/")) {
				String path = line.substring(line.indexOf("/extracted/") + "/extracted/".length());
				copied.add(path.substring(0, path.indexOf('/')));
			}
		}
		assertThat(copied).containsExactlyElementsOf(ImageLayout.LAYERS);
		assertThat(this.script).contains("for layer in " + String.join(" ", copied) + "; do");
		assertThat(this.dockerfile).contains("RUN mv clipworker-*.jar clipworker.jar");
		assertThat(this.script).contains("mv clipworker-*.jar clipworker.jar");
	}

	@Test
	void theScriptCopiesWhatTheBuildStageCopies() {
		assertThat(this.dockerfile).contains("COPY mvnw pom.xml ./", "COPY .mvn .mvn", "COPY src src");
		assertThat(this.script).contains("cp -R mvnw pom.xml .mvn src \"$work/src/\"");
		assertThat(this.script).contains("export MAVEN_OPTS=\"-Xmx768m -XX:+UseSerialGC\"");
		assertThat(this.dockerfile).contains("ENV MAVEN_OPTS=\"-Xmx768m -XX:+UseSerialGC\"");
	}

	/** The shell commands of the RUN instructions, continuation lines joined. */
	private List<String> runCommands() {
		List<String> commands = new ArrayList<>();
		StringBuilder current = null;
		for (String line : this.dockerfile.lines().toList()) {
			String stripped = line.strip();
			if (current == null && stripped.startsWith("RUN ")) {
				current = new StringBuilder();
				stripped = stripped.substring(4);
			}
			if (current == null || stripped.startsWith("#")) {
				continue;
			}
			boolean continued = stripped.endsWith("\\");
			current.append(continued ? stripped.substring(0, stripped.length() - 1).strip() : stripped).append(' ');
			if (!continued) {
				for (String command : current.toString().split("&&")) {
					commands.add(command.strip());
				}
				current = null;
			}
		}
		return commands;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new IllegalStateException(path + " is missing", ex);
		}
	}

}
