package com.clipworker.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conventional environment variable names the worker reads (the names Railway,
 * Supabase, Cloudflare and the AI providers use), and the property each one sets.
 * Anything not listed binds through Spring's relaxed binding
 * ({@code CLIPWORKER_MEDIA_MAXDURATION} sets {@code clipworker.media.max-duration}).
 */
public final class EnvironmentNames {

	/**
	 * Variable name to property name. Where several variables set one property, the first
	 * set one wins.
	 */
	static final Map<String, String> PROPERTIES = properties();

	private EnvironmentNames() {
	}

	private static Map<String, String> properties() {
		Map<String, String> names = new LinkedHashMap<>();
		names.put("PORT", "server.port");
		names.put("MANAGEMENT_PORT", "management.server.port");
		names.put("SHUTDOWN_GRACE_PERIOD", "spring.lifecycle.timeout-per-shutdown-phase");
		names.put("WORKER_MODE", "clipworker.mode");
		names.put("GIT_COMMIT_SHA", "clipworker.commit-sha");
		names.put("RAILWAY_GIT_COMMIT_SHA", "clipworker.commit-sha");
		names.put("DATA_DIR", "clipworker.data-dir");
		names.put("DATABASE_URL", "clipworker.database.url");
		names.put("DATABASE_POOL_SIZE", "clipworker.database.pool-size");
		names.put("DATABASE_MIGRATE", "clipworker.database.migrate");
		names.put("R2_ACCOUNT_ID", "clipworker.storage.r2.account-id");
		names.put("R2_ACCESS_KEY_ID", "clipworker.storage.r2.access-key-id");
		names.put("R2_SECRET_ACCESS_KEY", "clipworker.storage.r2.secret-access-key");
		names.put("R2_BUCKET", "clipworker.storage.r2.bucket");
		names.put("R2_ENDPOINT", "clipworker.storage.r2.endpoint");
		names.put("INNGEST_APP_ID", "inngest.app-id");
		names.put("INNGEST_SIGNING_KEY", "inngest.signing-key");
		names.put("INNGEST_SIGNING_KEY_FALLBACK", "inngest.signing-key-fallback");
		names.put("INNGEST_EVENT_KEY", "inngest.event-key");
		names.put("INNGEST_ENV", "inngest.env");
		names.put("INNGEST_DEV", "inngest.dev");
		names.put("INNGEST_BASE_URL", "inngest.base-url");
		names.put("INNGEST_API_BASE_URL", "inngest.api-base-url");
		names.put("INNGEST_EVENT_API_BASE_URL", "inngest.event-api-base-url");
		names.put("INNGEST_SERVE_ORIGIN", "inngest.serve-origin");
		names.put("INNGEST_SERVE_PATH", "inngest.serve-path");
		names.put("INNGEST_ALLOW_IN_BAND_SYNC", "inngest.allow-in-band-sync");
		names.put("GROQ_API_KEY", "clipworker.ai.groq.api-key");
		names.put("GROQ_BASE_URL", "clipworker.ai.groq.base-url");
		names.put("OPENAI_API_KEY", "clipworker.ai.openai.api-key");
		names.put("OPENAI_BASE_URL", "clipworker.ai.openai.base-url");
		names.put("GEMINI_API_KEY", "clipworker.ai.gemini.api-key");
		names.put("GEMINI_BASE_URL", "clipworker.ai.gemini.base-url");
		names.put("FFMPEG_PATH", "clipworker.media.ffmpeg");
		names.put("FFPROBE_PATH", "clipworker.media.ffprobe");
		names.put("CHROMIUM_PATH", "clipworker.media.chromium");
		return Collections.unmodifiableMap(names);
	}

	/**
	 * The properties that a set of environment variables defines.
	 * @param env environment variables, e.g. {@link System#getenv()}
	 * @return property name to value, for the variables that are set and not blank
	 */
	public static Map<String, Object> toProperties(Map<String, String> env) {
		Map<String, Object> properties = new LinkedHashMap<>();
		PROPERTIES.forEach((variable, property) -> {
			String value = env.get(variable);
			if (value != null && !value.isBlank() && !properties.containsKey(property)) {
				properties.put(property, value.trim());
			}
		});
		return properties;
	}

	/** The variable names, in the order the documentation lists them. */
	public static List<String> variables() {
		return List.copyOf(PROPERTIES.keySet());
	}

}
