package com.clipworker.inngest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Step ids as Inngest sees them: lower-case hex SHA-1 of the id the function gave, with
 * {@code :n} appended to the n-th repeat within one execution.
 */
public final class StepIds {

	private final Map<String, Integer> occurrences = new HashMap<>();

	private final Set<String> used = new HashSet<>();

	private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-1");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	});

	/** The hashed id of one step id string. */
	public static String hash(String id) {
		MessageDigest sha1 = SHA1.get();
		sha1.reset();
		return java.util.HexFormat.of().formatHex(sha1.digest(id.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The id of the sleep that follows the n-th deferral of a step
	 * ({@link StepDeferral}). Derived from the step's hashed id, so it is unique per
	 * occurrence and never one of the {@code id:n} repeats.
	 * @param hashed the step occurrence's hashed id
	 * @param deferrals the deferrals before this one (0 for the first)
	 * @return SHA-1 of {@code hashed + ":wait:" + deferrals}
	 */
	public static String deferralSleep(String hashed, int deferrals) {
		return hash(hashed + ":wait:" + deferrals);
	}

	/**
	 * The id a step runs under after its n-th deferral.
	 * @param hashed the step occurrence's hashed id
	 * @param deferrals the deferrals so far (1 or more)
	 * @return SHA-1 of {@code hashed + ":run:" + deferrals}
	 */
	public static String deferredRun(String hashed, int deferrals) {
		return hash(hashed + ":run:" + deferrals);
	}

	/**
	 * The next occurrence of a step id in this execution.
	 * @param id the id the function gave
	 * @return the occurrence: its index, the string that was hashed and the hash
	 */
	public Occurrence next(String id) {
		int index = this.occurrences.getOrDefault(id, 0);
		String candidate = (index == 0) ? id : id + ":" + index;
		String hashed = hash(candidate);
		while (this.used.contains(hashed)) {
			index++;
			candidate = id + ":" + index;
			hashed = hash(candidate);
		}
		this.occurrences.put(id, index + 1);
		this.used.add(hashed);
		return new Occurrence(id, index, hashed);
	}

	/**
	 * One occurrence of a step id.
	 *
	 * @param id the id the function gave
	 * @param index 0 for the first occurrence, n for the n-th repeat
	 * @param hashed the SHA-1 Inngest knows the step by
	 */
	public record Occurrence(String id, int index, String hashed) {
	}

}
