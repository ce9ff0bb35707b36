package com.clipworker.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.clipworker.ClipworkerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reliability.md S11 for the paths where production mode refuses to start: the worker
 * process is given a canary for every secret it reads, and the refusal names the
 * variables at fault without quoting any value.
 */
class ProductionRefusalIntegrationTests {

	@TempDir
	Path temp;

	private Map<String, String> everySecret() {
		Map<String, String> env = new HashMap<>();
		env.put("WORKER_MODE", "production");
		env.put("INNGEST_SIGNING_KEY", Canaries.SIGNING_KEY);
		env.put("INNGEST_SIGNING_KEY_FALLBACK", Canaries.FALLBACK_KEY);
		env.put("INNGEST_EVENT_KEY", Canaries.EVENT_KEY);
		env.put("DATABASE_URL", "postgresql://postgres:" + Canaries.DATABASE_PASSWORD + "@127.0.0.1:1/postgres");
		env.put("R2_ACCOUNT_ID", "0123456789abcdef");
		env.put("R2_ACCESS_KEY_ID", Canaries.R2_ACCESS_KEY_ID);
		env.put("R2_SECRET_ACCESS_KEY", Canaries.R2_SECRET);
		env.put("GROQ_API_KEY", Canaries.GROQ_KEY);
		env.put("OPENAI_API_KEY", Canaries.OPENAI_KEY);
		env.put("GEMINI_API_KEY", Canaries.GEMINI_KEY);
		env.put("PORT", "0");
		env.put("MANAGEMENT_PORT", "0");
		env.put("DATA_DIR", this.temp.resolve("data").toString());
		return env;
	}

	private String refusal(Map<String, String> env) throws InterruptedException {
		try (WorkerProcess worker = WorkerProcess.start(ClipworkerApplication.class.getName(), env, List.of(),
				this.temp.resolve("worker.log"))) {
			int exit = worker.awaitExit(Duration.ofMinutes(2));
			String output = worker.output();
			assertThat(exit).as(output).isNotZero();
			return output;
		}
	}

	@Test
	void aMissingVariableIsNamedAndNoSecretIsQuoted() throws Exception {
		Map<String, String> env = everySecret();
		env.remove("R2_BUCKET");
		String output = refusal(env);
		assertThat(output).contains("WORKER_MODE=production cannot start: missing R2_BUCKET");
		Canaries.assertNoneIn("the refusal", output);
	}

	@Test
	void devModeIsRefusedWithoutQuotingSecrets() throws Exception {
		Map<String, String> env = everySecret();
		env.put("R2_BUCKET", "clips");
		env.put("INNGEST_DEV", "1");
		String output = refusal(env);
		assertThat(output).contains("refusing INNGEST_DEV");
		Canaries.assertNoneIn("the refusal", output);
	}

	@Test
	void anUnusableDatabaseUrlIsRefusedWithoutItsPassword() throws Exception {
		Map<String, String> env = everySecret();
		env.put("R2_BUCKET", "clips");
		env.put("DATABASE_URL", "postgresql://postgres:" + Canaries.DATABASE_PASSWORD + "@db.example.invalid:port/x");
		String output = refusal(env);
		assertThat(output).contains("DATABASE_URL is not usable");
		Canaries.assertNoneIn("the refusal", output);
	}

}
