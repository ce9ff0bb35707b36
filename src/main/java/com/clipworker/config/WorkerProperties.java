package com.clipworker.config;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Worker-wide settings.
 *
 * @param mode the mode ({@code WORKER_MODE})
 * @param commitSha the deployed commit ({@code GIT_COMMIT_SHA}, else
 * {@code RAILWAY_GIT_COMMIT_SHA})
 * @param dataDir where local mode keeps its embedded database, objects and caches
 * ({@code DATA_DIR})
 */
@ConfigurationProperties("clipworker")
public record WorkerProperties(@DefaultValue("PRODUCTION") WorkerMode mode, @Nullable String commitSha,
		@DefaultValue("data") Path dataDir) {

	/** The first seven characters of the commit, or {@code local} when none is known. */
	public String version() {
		if (this.commitSha == null || this.commitSha.isBlank()) {
			return "local";
		}
		String sha = this.commitSha.trim();
		return sha.length() > 7 ? sha.substring(0, 7) : sha;
	}

	public boolean isLocal() {
		return this.mode == WorkerMode.LOCAL;
	}

}
