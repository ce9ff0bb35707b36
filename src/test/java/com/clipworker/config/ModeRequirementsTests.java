package com.clipworker.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.PropertyResolver;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ModeRequirementsTests {

	private static final Map<String, String> PRODUCTION_ENV = Map.of("INNGEST_SIGNING_KEY", "signkey-prod-00",
			"DATABASE_URL", "postgresql://u:p@db.example.com:5432/postgres", "R2_ACCOUNT_ID", "acct",
			"R2_ACCESS_KEY_ID", "key", "R2_SECRET_ACCESS_KEY", "secret", "R2_BUCKET", "media");

	/** The properties a process with these variables (and no other source) resolves. */
	private static PropertyResolver resolved(Map<String, String> env) {
		MockEnvironment environment = new MockEnvironment();
		EnvironmentNames.toProperties(env).forEach((name, value) -> environment.setProperty(name, (String) value));
		return environment;
	}

	@Test
	void productionWithEverythingStarts() {
		assertThat(ModeRequirements.refusal(WorkerMode.PRODUCTION, resolved(PRODUCTION_ENV))).isNull();
	}

	@Test
	void productionWithNothingNamesEveryMissingVariableOnOneLine() {
		String refusal = ModeRequirements.refusal(WorkerMode.PRODUCTION, resolved(Map.of()));
		assertThat(refusal).isEqualTo("WORKER_MODE=production cannot start: missing INNGEST_SIGNING_KEY, "
				+ "DATABASE_URL, R2_ACCOUNT_ID (or R2_ENDPOINT), R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY, R2_BUCKET "
				+ "(or set WORKER_MODE=local to run on embedded defaults)");
		assertThat(refusal).doesNotContain("\n");
	}

	@Test
	void productionWithOneMissingNamesOnlyThatOne() {
		Map<String, String> env = new java.util.HashMap<>(PRODUCTION_ENV);
		env.remove("DATABASE_URL");
		assertThat(ModeRequirements.refusal(WorkerMode.PRODUCTION, resolved(env)))
			.startsWith("WORKER_MODE=production cannot start: missing DATABASE_URL (");
	}

	@Test
	void productionAcceptsAnEndpointInsteadOfAnAccount() {
		Map<String, String> env = new java.util.HashMap<>(PRODUCTION_ENV);
		env.remove("R2_ACCOUNT_ID");
		env.put("R2_ENDPOINT", "https://s3.example.com");
		assertThat(ModeRequirements.refusal(WorkerMode.PRODUCTION, resolved(env))).isNull();
	}

	@Test
	void productionRefusesInngestDev() {
		Map<String, String> env = new java.util.HashMap<>(PRODUCTION_ENV);
		env.put("INNGEST_DEV", "1");
		assertThat(ModeRequirements.refusal(WorkerMode.PRODUCTION, resolved(env)))
			.isEqualTo("WORKER_MODE=production cannot start: refusing INNGEST_DEV "
					+ "(dev mode turns off signature checks; use WORKER_MODE=local)");
	}

	@Test
	void productionNamesMissingAndRefusedTogether() {
		assertThat(ModeRequirements.refusal(WorkerMode.PRODUCTION, resolved(Map.of("INNGEST_DEV", "1"))))
			.contains("missing INNGEST_SIGNING_KEY")
			.contains("; refusing INNGEST_DEV");
	}

	@Test
	void localNeedsNothingAndTurnsOnInngestDevMode() {
		assertThat(ModeRequirements.refusal(WorkerMode.LOCAL, resolved(Map.of()))).isNull();
		assertThat(ModeRequirements.defaults(WorkerMode.LOCAL, resolved(Map.of()))).containsEntry("inngest.dev", "1");
	}

	@Test
	void localWithASigningKeyStaysInCloudMode() {
		assertThat(
				ModeRequirements.defaults(WorkerMode.LOCAL, resolved(Map.of("INNGEST_SIGNING_KEY", "signkey-test-00"))))
			.isEmpty();
	}

	@Test
	void modeParsesCaseInsensitivelyAndDefaultsToProduction() {
		assertThat(WorkerMode.parse(null)).isEqualTo(WorkerMode.PRODUCTION);
		assertThat(WorkerMode.parse(" ")).isEqualTo(WorkerMode.PRODUCTION);
		assertThat(WorkerMode.parse("Local")).isEqualTo(WorkerMode.LOCAL);
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerMode.parse("staging"))
			.withMessage("WORKER_MODE must be 'production' or 'local', not 'staging'");
	}

}
