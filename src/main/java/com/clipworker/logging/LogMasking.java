package com.clipworker.logging;

import java.util.regex.Pattern;

/**
 * The masking applied to every log line, message and stack trace alike. Secrets reach a
 * log line through text the worker did not write: a driver's exception that quotes a JDBC
 * URL with {@code password=}, a {@code postgresql://user:password@host} URL, a presigned
 * URL with its {@code X-Amz-Signature} and {@code X-Amz-Credential}, an
 * {@code Authorization: Bearer} header, a {@code signkey-prod-...} key. Each is replaced
 * by {@code ****}, keeping the name so the line still says what was there.
 * <p>
 * The readable console pattern applies the same two expressions with Logback's
 * {@code %replace} ({@code application-local.yml}); {@code LogMaskingTests} checks that
 * the pattern quotes {@link #USER_INFO} and {@link #PARAMETERS} verbatim.
 */
public final class LogMasking {

	/**
	 * The password of a URL's user info: {@code scheme://user:password@host}. Group 1 is
	 * kept.
	 */
	public static final String USER_INFO = "(://[^/@\\s:]+:)[^@\\s/]+@";

	/**
	 * Credential-bearing query parameters, bearer tokens and Inngest signing keys. Group
	 * 1 is kept.
	 */
	public static final String PARAMETERS = "(?i)([?&;](?:password|x-amz-signature|x-amz-credential|x-amz-security-token"
			+ "|signature|token|key|api_key|apikey)=|bearer\\s+|signkey-[a-z0-9]+-)[^&\\s;,\"]+";

	/** What a masked value becomes. */
	public static final String MASK = "****";

	private static final Pattern USER_INFO_PATTERN = Pattern.compile(USER_INFO);

	private static final Pattern PARAMETERS_PATTERN = Pattern.compile(PARAMETERS);

	private LogMasking() {
	}

	/**
	 * Masks the secrets in a text.
	 * @param text a log message or stack trace
	 * @return the text with every secret replaced by {@link #MASK}
	 */
	public static String mask(String text) {
		String masked = USER_INFO_PATTERN.matcher(text).replaceAll("$1" + MASK + "@");
		return PARAMETERS_PATTERN.matcher(masked).replaceAll("$1" + MASK);
	}

}
