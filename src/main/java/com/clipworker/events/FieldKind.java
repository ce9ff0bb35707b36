package com.clipworker.events;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a payload field holds, with the one set of rules both the validation and the
 * exported JSON Schema follow.
 */
public enum FieldKind {

	/**
	 * A lower-case UUID (Postgres {@code uuid}, Supabase user ids). Lower case only, so
	 * that object keys derived from ids have one spelling.
	 */
	UUID("string", "uuid", "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", 36),

	/** A list of distinct UUIDs, at most {@link #MAX_ITEMS}. */
	UUID_LIST("array", null, null, 0),

	/** An absolute http(s) URL of printable ASCII, at most 2048 characters. */
	HTTP_URL("string", "uri", "^https?://[\\x21-\\x7e]+$", 2048),

	/**
	 * An object key derived from ids: lower-case letters, digits, {@code / _ . -}; no
	 * {@code ..}, {@code //} or leading slash.
	 */
	OBJECT_KEY("string", null, "^(?!.*\\.\\.)(?!.*//)[a-z0-9][a-z0-9/_.-]{0,511}$", 512),

	/** A processing generation of a video: a positive integer. */
	GENERATION("integer", null, null, 0);

	/** The most ids a list may hold. */
	public static final int MAX_ITEMS = 200;

	private final String jsonType;

	private final @Nullable String format;

	private final @Nullable String pattern;

	private final int maxLength;

	private final @Nullable Pattern compiled;

	FieldKind(String jsonType, @Nullable String format, @Nullable String pattern, int maxLength) {
		this.jsonType = jsonType;
		this.format = format;
		this.pattern = pattern;
		this.maxLength = maxLength;
		this.compiled = (pattern != null) ? Pattern.compile(pattern) : null;
	}

	String jsonType() {
		return this.jsonType;
	}

	@Nullable String format() {
		return this.format;
	}

	@Nullable String pattern() {
		return this.pattern;
	}

	int maxLength() {
		return this.maxLength;
	}

	/**
	 * What is wrong with a present value, if anything.
	 * @param value the field's value (never {@code null})
	 * @return the problem, phrased to follow the field name
	 */
	Optional<String> problem(Object value) {
		return switch (this) {
			case UUID -> text(value, "must be a lower-case UUID");
			case HTTP_URL -> (value instanceof String s && s.length() > this.maxLength)
					? Optional.of("must be at most " + this.maxLength + " characters")
					: text(value, "must be an http or https URL of printable ASCII");
			case OBJECT_KEY -> text(value, "must be an object key of [a-z0-9/_.-] without '..' or '//'");
			case GENERATION ->
				(value instanceof Integer n && n >= 1) ? Optional.empty() : Optional.of("must be a positive integer");
			case UUID_LIST -> list(value);
		};
	}

	private Optional<String> text(Object value, String rule) {
		if (!(value instanceof String s) || s.length() > Math.max(this.maxLength, 1) || this.compiled == null
				|| !this.compiled.matcher(s).matches()) {
			return Optional.of(rule);
		}
		return Optional.empty();
	}

	private static Optional<String> list(Object value) {
		if (!(value instanceof List<?> items)) {
			return Optional.of("must be a list of UUIDs");
		}
		if (items.size() > MAX_ITEMS) {
			return Optional.of("must hold at most " + MAX_ITEMS + " ids");
		}
		for (int i = 0; i < items.size(); i++) {
			Object item = items.get(i);
			if (item == null || UUID.problem(item).isPresent()) {
				return Optional.of("[" + i + "] must be a lower-case UUID");
			}
		}
		if (new HashSet<>(items).size() != items.size()) {
			return Optional.of("must not repeat an id");
		}
		return Optional.empty();
	}

}
