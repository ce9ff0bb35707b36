package com.clipworker.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WorkerEnvironmentTests {

	private static StandardEnvironment process(Map<String, String> env, String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		new WorkerEnvironment(env).postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

	@Test
	void productionWithoutVariablesRefusesToStart() {
		assertThatExceptionOfType(WorkerConfigurationException.class).isThrownBy(() -> process(Map.of()))
			.withMessageStartingWith("WORKER_MODE=production cannot start: missing INNGEST_SIGNING_KEY");
	}

	@Test
	void localModeActivatesItsProfileAndInngestDevMode() {
		StandardEnvironment environment = process(Map.of("WORKER_MODE", "local", "DATABASE_URL", "postgresql://db"));
		assertThat(environment.getActiveProfiles()).containsExactly("local");
		assertThat(environment.getProperty("inngest.dev")).isEqualTo("1");
		assertThat(environment.getProperty("clipworker.database.url")).isEqualTo("postgresql://db");
		assertThat(environment.getProperty("clipworker.mode")).isEqualTo("LOCAL");
	}

	@Test
	void localModeWithASigningKeyPropertyStaysInCloudMode() {
		StandardEnvironment environment = process(Map.of(), "--clipworker.mode=local",
				"--inngest.signing-key=signkey-test-00");
		assertThat(environment.getActiveProfiles()).containsExactly("local");
		assertThat(environment.getProperty("inngest.dev")).isNull();
	}

	@Test
	void localModeKeepsAnExplicitInngestDevProperty() {
		StandardEnvironment environment = process(Map.of("WORKER_MODE", "local"), "--inngest.dev=http://127.0.0.1:1");
		assertThat(environment.getProperty("inngest.dev")).isEqualTo("http://127.0.0.1:1");
	}

	@Test
	void productionAcceptsItsSecretsAsProperties() {
		StandardEnvironment environment = process(Map.of(), "--inngest.signing-key=signkey-prod-00",
				"--clipworker.database.url=postgresql://db", "--clipworker.storage.r2.endpoint=https://s3.example.com",
				"--clipworker.storage.r2.access-key-id=k", "--clipworker.storage.r2.secret-access-key=s",
				"--clipworker.storage.r2.bucket=b");
		assertThat(environment.getActiveProfiles()).containsExactly("production");
	}

	@Test
	void productionRefusesAnInngestDevProperty() {
		assertThatExceptionOfType(WorkerConfigurationException.class)
			.isThrownBy(() -> process(
					Map.of("INNGEST_SIGNING_KEY", "signkey-prod-00", "DATABASE_URL", "postgresql://db", "R2_ACCOUNT_ID",
							"a", "R2_ACCESS_KEY_ID", "k", "R2_SECRET_ACCESS_KEY", "s", "R2_BUCKET", "b"),
					"--inngest.dev=1"))
			.withMessage("WORKER_MODE=production cannot start: refusing INNGEST_DEV "
					+ "(dev mode turns off signature checks; use WORKER_MODE=local)");
	}

	@Test
	void productionWithEverythingActivatesTheProductionProfile() {
		StandardEnvironment environment = process(
				Map.of("INNGEST_SIGNING_KEY", "signkey-prod-00", "DATABASE_URL", "postgresql://db", "R2_ACCOUNT_ID",
						"a", "R2_ACCESS_KEY_ID", "k", "R2_SECRET_ACCESS_KEY", "s", "R2_BUCKET", "b"));
		assertThat(environment.getActiveProfiles()).containsExactly("production");
		assertThat(environment.getProperty("inngest.dev")).isNull();
	}

	@Test
	void refusalIsReportedAsOneLineWithTheFix() {
		WorkerConfigurationException failure = new WorkerConfigurationException("WORKER_MODE=production cannot start");
		FailureAnalysis analysis = new WorkerConfigurationFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).isEqualTo("WORKER_MODE=production cannot start");
		assertThat(analysis.getAction()).contains("WORKER_MODE=local");
	}

}
