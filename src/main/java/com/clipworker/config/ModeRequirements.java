package com.clipworker.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What each mode needs from the environment, and what it adds by default. Pure functions
 * of the variables, so they are tested without a Spring context.
 */
public final class ModeRequirements {

	private ModeRequirements() {
	}

	/**
	 * The problems that stop the worker from starting in a mode.
	 * @param mode the mode
	 * @param env the environment variables
	 * @return one entry per missing or refused variable, empty when the mode can start
	 */
	public static List<String> problems(WorkerMode mode, Map<String, String> env) {
		List<String> problems = new ArrayList<>();
		if (mode != WorkerMode.PRODUCTION) {
			return problems;
		}
		for (String name : List.of("INNGEST_SIGNING_KEY", "DATABASE_URL")) {
			if (isBlank(env.get(name))) {
				problems.add(name);
			}
		}
		if (isBlank(env.get("R2_ACCOUNT_ID")) && isBlank(env.get("R2_ENDPOINT"))) {
			problems.add("R2_ACCOUNT_ID (or R2_ENDPOINT)");
		}
		for (String name : List.of("R2_ACCESS_KEY_ID", "R2_SECRET_ACCESS_KEY", "R2_BUCKET")) {
			if (isBlank(env.get(name))) {
				problems.add(name);
			}
		}
		return problems;
	}

	/**
	 * Variables that a mode sets but refuses.
	 * @param mode the mode
	 * @param env the environment variables
	 * @return the refused variables, empty when none
	 */
	public static List<String> refused(WorkerMode mode, Map<String, String> env) {
		if (mode == WorkerMode.PRODUCTION && !isBlank(env.get("INNGEST_DEV"))) {
			return List.of("INNGEST_DEV");
		}
		return List.of();
	}

	/**
	 * Properties a mode adds when the variables leave them unset: local mode runs Inngest
	 * in dev mode unless a signing key is given.
	 * @param mode the mode
	 * @param env the environment variables
	 * @return the default properties
	 */
	public static Map<String, Object> defaults(WorkerMode mode, Map<String, String> env) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (mode == WorkerMode.LOCAL && isBlank(env.get("INNGEST_SIGNING_KEY")) && isBlank(env.get("INNGEST_DEV"))) {
			defaults.put("inngest.dev", "1");
		}
		return defaults;
	}

	/**
	 * The one-line message naming everything that stops a start, or {@code null} when
	 * nothing does.
	 * @param mode the mode
	 * @param env the environment variables
	 * @return the message, or {@code null}
	 */
	public static @Nullable String refusal(WorkerMode mode, Map<String, String> env) {
		List<String> missing = problems(mode, env);
		List<String> refused = refused(mode, env);
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

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
