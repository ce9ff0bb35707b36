package com.clipworker.logging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the log masks, and that the readable pattern uses the same expressions. */
class LogMaskingTests {

	@Test
	void masksThePasswordOfAUrl() {
		assertThat(LogMasking.mask("postgresql://postgres.abcd:s3cr%3Ft!x@aws-0.pooler.supabase.com:6543/postgres"))
			.isEqualTo("postgresql://postgres.abcd:****@aws-0.pooler.supabase.com:6543/postgres");
	}

	@Test
	void masksCredentialParameters() {
		assertThat(LogMasking.mask("jdbc:postgresql://h:5432/db?user=u&password=hunter2&sslmode=require"))
			.isEqualTo("jdbc:postgresql://h:5432/db?user=u&password=****&sslmode=require");
		assertThat(LogMasking.mask("GET https://b.r2.cloudflarestorage.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
				+ "&X-Amz-Credential=AKIA123%2F20261128%2Fauto%2Fs3%2Faws4_request&X-Amz-Signature=abcdef0123 failed"))
			.isEqualTo("GET https://b.r2.cloudflarestorage.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
					+ "&X-Amz-Credential=****&X-Amz-Signature=**** failed");
		assertThat(LogMasking.mask("/local/objects/videos/x/source?expires=1764300000&signature=9f8e7d"))
			.isEqualTo("/local/objects/videos/x/source?expires=1764300000&signature=****");
		assertThat(
				LogMasking.mask("https://generativelanguage.googleapis.com/v1beta/models/m:generateContent?key=AIzaX"))
			.endsWith("?key=****");
	}

	@Test
	void masksBearerTokensAndSigningKeys() {
		assertThat(LogMasking.mask("Authorization: Bearer gsk_abc.def")).isEqualTo("Authorization: Bearer ****");
		assertThat(LogMasking.mask("key signkey-prod-0a1b2c3d rejected")).isEqualTo("key signkey-prod-**** rejected");
	}

	@Test
	void leavesOrdinaryTextAlone() {
		for (String text : new String[] { "Serving http://127.0.0.1:3001/api/inngest", "Tomcat started on port 3001",
				"Dependency database is down: no answer within PT3S", "step id=abc run=01H attempt=2",
				"user@example.com wrote", "keyframe every 2s", "the key was not found" }) {
			assertThat(LogMasking.mask(text)).isEqualTo(text);
		}
	}

	@Test
	void theReadablePatternAppliesBothExpressionsVerbatim() throws IOException {
		String yaml = Files.readString(Path.of("src/main/resources/application-local.yml"), StandardCharsets.UTF_8)
			.replace("''", "'");
		assertThat(yaml).contains("{'" + LogMasking.USER_INFO + "', '$1" + LogMasking.MASK + "@'}")
			.contains("{'" + LogMasking.PARAMETERS + "', '$1" + LogMasking.MASK + "'}")
			.contains("%nopex");
	}

}
