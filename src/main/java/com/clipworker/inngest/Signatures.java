package com.clipworker.inngest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.erdtman.jcs.JsonCanonicalizer;
import org.jspecify.annotations.Nullable;

/**
 * The cryptography of the protocol: {@code X-Inngest-Signature} values, the hashed Bearer
 * form of a signing key, the event-key hash and the JCS (RFC 8785) form of a body.
 * <p>
 * HMAC-SHA256 over the body bytes followed by the decimal timestamp; the key is the
 * signing key's string with its {@code signkey-<env>-} prefix removed, as UTF-8 bytes
 * (not hex-decoded).
 */
public final class Signatures {

	private static final Pattern PREFIX = Pattern.compile("^signkey-\\w+-");

	private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");

	private static final Pattern HEX_SIGNATURE = Pattern.compile("[0-9a-fA-F]{64}");

	private Signatures() {
	}

	/** The signing key without its {@code signkey-<env>-} prefix. */
	public static String stripPrefix(String key) {
		return PREFIX.matcher(key).replaceFirst("");
	}

	/** The raw HMAC of body and timestamp. */
	public static byte[] hmac(String key, byte[] body, long timestamp) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(stripPrefix(key).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update(body);
			mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/** The {@code X-Inngest-Signature} value for a body signed at a time. */
	public static String sign(String key, byte[] body, long timestamp) {
		return "t=" + timestamp + "&s=" + HexFormat.of().formatHex(hmac(key, body, timestamp));
	}

	/**
	 * The Bearer token for the Inngest API: the prefix kept, the rest hex-decoded, hashed
	 * with SHA-256 and hex-encoded.
	 * @throws IllegalArgumentException when the key is not hex after its prefix
	 */
	public static String bearer(String key) {
		Matcher matcher = PREFIX.matcher(key);
		String prefix = matcher.find() ? matcher.group() : "";
		return prefix + sha256Hex(HexFormat.of().parseHex(stripPrefix(key)));
	}

	/** The introspection hash of an event key: hex SHA-256 of its UTF-8 bytes. */
	public static String hashEventKey(String eventKey) {
		return sha256Hex(eventKey.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The JCS (RFC 8785) form of a JSON document.
	 * @throws IOException when the bytes are not JSON
	 */
	public static byte[] canonicalize(byte[] json) throws IOException {
		return new JsonCanonicalizer(json).getEncodedUTF8();
	}

	/**
	 * Parses a signature header strictly: exactly {@code t} (decimal digits) and
	 * {@code s} (64 hex characters), each once, in any order.
	 * @return the parsed header, or {@code null} when it is malformed
	 */
	public static @Nullable Header parse(@Nullable String header) {
		if (header == null || header.length() > 200) {
			return null;
		}
		String t = null;
		String s = null;
		for (String part : header.split("&", -1)) {
			int eq = part.indexOf('=');
			if (eq < 0) {
				return null;
			}
			String name = part.substring(0, eq);
			String value = part.substring(eq + 1);
			if (name.equals("t") && t == null) {
				t = value;
			}
			else if (name.equals("s") && s == null) {
				s = value;
			}
			else {
				return null;
			}
		}
		if (t == null || s == null || !TIMESTAMP.matcher(t).matches() || !HEX_SIGNATURE.matcher(s).matches()) {
			return null;
		}
		return new Header(Long.parseLong(t), HexFormat.of().parseHex(s));
	}

	/** Whether a signature matches body and timestamp under a key, in constant time. */
	public static boolean matches(String key, byte[] body, Header header) {
		return MessageDigest.isEqual(hmac(key, body, header.timestamp()), header.signature());
	}

	private static String sha256Hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * A parsed {@code X-Inngest-Signature}.
	 *
	 * @param timestamp seconds since the epoch
	 * @param signature the 32 HMAC bytes
	 */
	public record Header(long timestamp, byte[] signature) {
	}

}
