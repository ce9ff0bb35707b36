package com.clipworker.config;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Binds configuration from the conventional variable names, without a Spring context. */
class EnvironmentNamesTests {

	private static WorkerProperties bind(Map<String, String> env) {
		Binder binder = new Binder(new MapConfigurationPropertySource(EnvironmentNames.toProperties(env)));
		return binder.bindOrCreate("clipworker", WorkerProperties.class);
	}

	@Test
	void versionComesFromGitCommitShaFirst() {
		WorkerProperties worker = bind(
				Map.of("GIT_COMMIT_SHA", "0123456789abcdef", "RAILWAY_GIT_COMMIT_SHA", "fedcba9876543210"));
		assertThat(worker.version()).isEqualTo("0123456");
	}

	@Test
	void versionFallsBackToRailwaysSha() {
		assertThat(bind(Map.of("RAILWAY_GIT_COMMIT_SHA", "fedcba9876543210")).version()).isEqualTo("fedcba9");
	}

	@Test
	void versionIsLocalWithoutACommit() {
		assertThat(bind(Map.of()).version()).isEqualTo("local");
		assertThat(bind(Map.of("GIT_COMMIT_SHA", "  ")).version()).isEqualTo("local");
	}

	@Test
	void shortShaIsKeptWhole() {
		assertThat(bind(Map.of("GIT_COMMIT_SHA", "abc")).version()).isEqualTo("abc");
	}

	@Test
	void modeAndDataDirBindFromTheirVariables() {
		WorkerProperties worker = bind(Map.of("WORKER_MODE", "LOCAL", "DATA_DIR", "/var/lib/clipworker"));
		assertThat(worker.mode()).isEqualTo(WorkerMode.LOCAL);
		assertThat(worker.dataDir()).isEqualTo(Path.of("/var/lib/clipworker"));
	}

	@Test
	void defaultsApplyWhenNothingIsSet() {
		WorkerProperties worker = bind(Map.of());
		assertThat(worker.mode()).isEqualTo(WorkerMode.PRODUCTION);
		assertThat(worker.dataDir()).isEqualTo(Path.of("data"));
	}

	@Test
	void everyConventionalNameMapsToAProperty() {
		Map<String, Object> properties = EnvironmentNames.toProperties(Map.of("PORT", "8080", "DATABASE_URL",
				"postgresql://db", "R2_BUCKET", "b", "INNGEST_SIGNING_KEY", "signkey-test-00", "GROQ_API_KEY", "g"));
		assertThat(properties).containsEntry("server.port", "8080")
			.containsEntry("clipworker.database.url", "postgresql://db")
			.containsEntry("clipworker.storage.r2.bucket", "b")
			.containsEntry("inngest.signing-key", "signkey-test-00")
			.containsEntry("clipworker.ai.groq.api-key", "g");
	}

	@Test
	void blankVariablesAreIgnored() {
		assertThat(EnvironmentNames.toProperties(Map.of("DATABASE_URL", " "))).isEmpty();
	}

}
