package com.clipworker.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;

/**
 * What each mode needs, and what it adds by default. Every decision reads the resolved
 * properties (a variable from {@link EnvironmentNames}, its property on the command line
 * or as a system property, all the same), so they are tested without a Spring context.
 * Problems are reported by variable name.
 */
public final class ModeRequirements {

	private ModeRequirements() {
	}

	/**
	 * The problems that stop the worker from starting in a mode.
	 * @param mode the mode
	 * @param properties the resolved properties
	 * @return one entry per missing or refused variable, empty when the mode can start
	 */
	public static List<String> problems(WorkerMode mode, PropertyResolver properties) {
		List<String> problems = new ArrayList<>();
		if (mode != WorkerMode.PRODUCTION) {
			return problems;
		}
		for (String name : List.of("INNGEST_SIGNING_KEY", "DATABASE_URL")) {
			if (isUnset(properties, name)) {
				problems.add(name);
			}
		}
		if (isUnset(properties, "R2_ACCOUNT_ID") && isUnset(properties, "R2_ENDPOINT")) {
			problems.add("R2_ACCOUNT_ID (or R2_ENDPOINT)");
		}
		for (String name : List.of("R2_ACCESS_KEY_ID", "R2_SECRET_ACCESS_KEY", "R2_BUCKET")) {
			if (isUnset(properties, name)) {
				problems.add(name);
			}
		}
		return problems;
	}

	/**
	 * Variables that a mode sets but refuses.
	 * @param mode the mode
	 * @param properties the resolved properties
	 * @return the refused variables, empty when none
	 */
	public static List<String> refused(WorkerMode mode, PropertyResolver properties) {
		if (mode == WorkerMode.PRODUCTION && !isUnset(properties, "INNGEST_DEV")) {
			return List.of("INNGEST_DEV");
		}
		return List.of();
	}

	/**
	 * Properties a mode adds when nothing sets them: local mode runs Inngest in dev mode
	 * unless a signing key is given.
	 * @param mode the mode
	 * @param properties the resolved properties
	 * @return the default properties
	 */
	public static Map<String, Object> defaults(WorkerMode mode, PropertyResolver properties) {
		if (mode == WorkerMode.LOCAL && isUnset(properties, "INNGEST_SIGNING_KEY")
				&& isUnset(properties, "INNGEST_DEV")) {
			return Map.of(property("INNGEST_DEV"), "1");
		}
		return Map.of();
	}

	/**
	 * The one-line message naming everything that stops a start, or {@code null} when
	 * nothing does.
	 * @param mode the mode
	 * @param properties the resolved properties
	 * @return the message, or {@code null}
	 */
	public static @Nullable String refusal(WorkerMode mode, PropertyResolver properties) {
		List<String> missing = problems(mode, properties);
		List<String> refused = refused(mode, properties);
		if (missing.isEmpty() && refused.isEmpty()) {
			return null;
		}
		StringBuilder message = new StringBuilder("WORKER_MODE=").append(mode.profile()).append(" cannot start:");
		if (!missing.isEmpty()) {
			message.append(" missing ").append(String.join(", ", missing));
		}
		if (!refused.isEmpty()) {
			message.append(missing.isEmpty() ? "" : ";")
				.append(" refusing ")
				.append(String.join(", ", refused))
				.append(" (dev mode turns off signature checks; use WORKER_MODE=local)");
		}
		if (!missing.isEmpty()) {
			message.append(" (or set WORKER_MODE=local to run on embedded defaults)");
		}
		return message.toString();
	}

	private static boolean isUnset(PropertyResolver properties, String variable) {
		String value = properties.getProperty(property(variable));
		return value == null || value.isBlank();
	}

	private static String property(String variable) {
		String property = EnvironmentNames.PROPERTIES.get(variable);
		if (property == null) {
			throw new IllegalArgumentException(variable + " is not a conventional variable name");
		}
		return property;
	}

}
