package com.clipworker.reliability;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One unique value per secret the worker is given. A canary found in a log line, an
 * answer or a message is a leak; the hex signing keys are searched for without their
 * public {@code signkey-prod-} prefix.
 */
final class Canaries {

	static final String SIGNING_HEX = "5ec2e7ca7a2e00015ec2e7ca7a2e0001";

	static final String SIGNING_KEY = "signkey-prod-" + SIGNING_HEX;

	static final String FALLBACK_HEX = "5ec2e7ca7a2e00025ec2e7ca7a2e0002";

	static final String FALLBACK_KEY = "signkey-prod-" + FALLBACK_HEX;

	static final String EVENT_KEY = "canaryEventKey7f3a9c";

	static final String DATABASE_PASSWORD = "canaryDbPass19c4e2";

	static final String R2_ACCESS_KEY_ID = "canaryR2Access6d1f0b";

	static final String R2_SECRET = "canaryR2Secret2b8e5a";

	static final String GROQ_KEY = "gsk_canaryGroq5a7c31";

	static final String OPENAI_KEY = "sk-canaryOpenai3e9d47";

	static final String GEMINI_KEY = "AIzaCanaryGemini8b2f66";

	/** The secret values, by the variable that carries each. */
	static final Map<String, String> BY_VARIABLE = Map.of("INNGEST_SIGNING_KEY", SIGNING_HEX,
			"INNGEST_SIGNING_KEY_FALLBACK", FALLBACK_HEX, "INNGEST_EVENT_KEY", EVENT_KEY, "DATABASE_URL password",
			DATABASE_PASSWORD, "R2_ACCESS_KEY_ID", R2_ACCESS_KEY_ID, "R2_SECRET_ACCESS_KEY", R2_SECRET, "GROQ_API_KEY",
			GROQ_KEY, "OPENAI_API_KEY", OPENAI_KEY, "GEMINI_API_KEY", GEMINI_KEY);

	private Canaries() {
	}

	/** Asserts that no canary occurs in a text, naming the secret and where it leaked. */
	static void assertNoneIn(String where, String text) {
		for (Map.Entry<String, String> canary : BY_VARIABLE.entrySet()) {
			assertThat(containsIgnoringCase(text, canary.getValue()))
				.as("%s leaks %s: %s", where, canary.getKey(), excerpt(text, canary.getValue()))
				.isFalse();
		}
	}

	/** Asserts that no canary occurs in any of the texts. */
	static void assertNoneIn(String where, List<String> texts) {
		for (int i = 0; i < texts.size(); i++) {
			assertNoneIn(where + " #" + i, texts.get(i));
		}
	}

	private static boolean containsIgnoringCase(String text, String value) {
		return text.toLowerCase(java.util.Locale.ROOT).contains(value.toLowerCase(java.util.Locale.ROOT));
	}

	private static String excerpt(String text, String value) {
		int at = text.toLowerCase(java.util.Locale.ROOT).indexOf(value.toLowerCase(java.util.Locale.ROOT));
		if (at < 0) {
			return "";
		}
		return text.substring(Math.max(0, at - 120), Math.min(text.length(), at + value.length() + 40));
	}

}
