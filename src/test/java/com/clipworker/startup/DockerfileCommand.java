package com.clipworker.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM flags of the Dockerfile's {@code CMD ["java", <flags>, "-jar", <jar>]}, read
 * from the Dockerfile itself so that the benchmark and the image check start the worker
 * exactly as the image does.
 */
final class DockerfileCommand {

	private static final Pattern CMD = Pattern.compile("^CMD\\s*\\[(.*)]\\s*$");

	private static final Pattern ARGUMENT = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]*=.*");

	private DockerfileCommand() {
	}

	/**
	 * The flags without the AOT cache the image trains: the worker as it starts without
	 * one.
	 * @param flags CMD flags
	 * @return the flags without {@code -XX:AOTCache=...}
	 */
	static List<String> withoutAotCache(List<String> flags) {
		return flags.stream().filter((flag) -> !flag.startsWith("-XX:AOTCache=")).toList();
	}

	/**
	 * The {@code RUN} command that writes the AOT cache: the shell-form segment of a
	 * {@code RUN} instruction that holds {@code -XX:AOTCacheOutput=}, as leading
	 * {@code NAME=value} variables and a {@code java} command line.
	 * @param dockerfile the Dockerfile to read
	 * @return the training run
	 */
	static TrainingRun trainingRun(Path dockerfile) {
		for (String instruction : instructions(dockerfile)) {
			if (!instruction.startsWith("RUN ")) {
				continue;
			}
			for (String segment : instruction.substring(4).split("&&")) {
				if (segment.contains("-XX:AOTCacheOutput=")) {
					Map<String, String> environment = new LinkedHashMap<>();
					List<String> tokens = List.of(segment.strip().split("\\s+"));
					int i = 0;
					while (i < tokens.size() && VARIABLE.matcher(tokens.get(i)).matches()) {
						String[] variable = tokens.get(i).split("=", 2);
						environment.put(variable[0], variable[1]);
						i++;
					}
					List<String> command = tokens.subList(i, tokens.size());
					if (command.isEmpty() || !command.get(0).equals("java") || !command.contains("-jar")) {
						throw new IllegalStateException(
								dockerfile + ": the AOT training run is not a java command: " + segment);
					}
					return new TrainingRun(environment, List.copyOf(command.subList(1, command.size())));
				}
			}
		}
		throw new IllegalStateException(dockerfile + " has no RUN with -XX:AOTCacheOutput=");
	}

	/** The instructions, continuation lines joined, comments dropped. */
	private static List<String> instructions(Path dockerfile) {
		try {
			List<String> instructions = new ArrayList<>();
			StringBuilder current = new StringBuilder();
			for (String line : Files.readAllLines(dockerfile)) {
				String stripped = line.strip();
				if (stripped.startsWith("#") || (stripped.isEmpty() && current.isEmpty())) {
					continue;
				}
				boolean continued = stripped.endsWith("\\");
				current.append(continued ? stripped.substring(0, stripped.length() - 1) : stripped).append(' ');
				if (!continued) {
					instructions.add(current.toString().strip());
					current.setLength(0);
				}
			}
			return instructions;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The flags in the repository's {@code Dockerfile}. */
	static List<String> jvmFlags() {
		return jvmFlags(Path.of("Dockerfile"));
	}

	/**
	 * The flags between {@code java} and {@code -jar} in the last exec-form {@code CMD}.
	 * @param dockerfile the Dockerfile to read
	 * @return the flags, in order
	 */
	static List<String> jvmFlags(Path dockerfile) {
		try {
			List<String> command = null;
			for (String line : Files.readAllLines(dockerfile)) {
				Matcher matcher = CMD.matcher(line.strip());
				if (matcher.matches()) {
					command = new ArrayList<>();
					Matcher argument = ARGUMENT.matcher(matcher.group(1));
					while (argument.find()) {
						command.add(argument.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
					}
				}
			}
			if (command == null || command.isEmpty() || !command.get(0).equals("java") || !command.contains("-jar")) {
				throw new IllegalStateException(
						dockerfile + " has no exec-form CMD [\"java\", <flags>, \"-jar\", <jar>]: found " + command);
			}
			return List.copyOf(command.subList(1, command.indexOf("-jar")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The training run.
	 *
	 * @param environment the variables it sets
	 * @param arguments the arguments after {@code java}
	 */
	record TrainingRun(Map<String, String> environment, List<String> arguments) {

		/** The path after {@code -XX:AOTCacheOutput=}. */
		String cacheOutput() {
			return this.arguments.stream()
				.filter((argument) -> argument.startsWith("-XX:AOTCacheOutput="))
				.map((argument) -> argument.substring("-XX:AOTCacheOutput=".length()))
				.findFirst()
				.orElseThrow();
		}

		/**
		 * This run with every path under {@code appRoot} moved under {@code directory}.
		 * @param appRoot the image's application directory ({@code /app})
		 * @param directory where the application is laid out here
		 * @return the moved run
		 */
		TrainingRun relocated(String appRoot, Path directory) {
			Map<String, String> environment = new LinkedHashMap<>();
			this.environment.forEach((name, value) -> environment.put(name, relocate(value, appRoot, directory)));
			return new TrainingRun(environment,
					this.arguments.stream().map((argument) -> relocate(argument, appRoot, directory)).toList());
		}

	}

	/**
	 * The flag or value with paths under {@code appRoot} moved under {@code directory}.
	 * @param value a flag or value
	 * @param appRoot the image's application directory ({@code /app})
	 * @param directory where the application is laid out here
	 * @return the moved value
	 */
	static String relocate(String value, String appRoot, Path directory) {
		return value.replace(appRoot + "/", directory.toAbsolutePath() + "/");
	}

}
