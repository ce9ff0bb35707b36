package com.clipworker.storage;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The worker's object key scheme, and the check every key and prefix passes before any
 * I/O. Keys are derived from ids, never from user text: lower-case letters, digits and
 * {@code / _ . -}; no {@code ..} or {@code .} segments, no segment starting with a dot,
 * no empty segment ({@code //}), no leading {@code /}, no backslash, no {@code %}, no
 * control characters, at most 512 characters.
 */
public final class ObjectKeys {

	/** Longest key accepted. */
	public static final int MAX_LENGTH = 512;

	private static final Pattern ALLOWED = Pattern.compile("[a-z0-9/_.\\-]+");

	private ObjectKeys() {
	}

	/**
	 * Checks a key.
	 * @param key the key
	 * @return the key
	 * @throws InvalidObjectKeyException naming what is wrong
	 */
	public static String requireValidKey(String key) {
		check(key);
		if (key.endsWith("/")) {
			throw new InvalidObjectKeyException(key, "a key must not end with '/'");
		}
		return key;
	}

	/**
	 * Checks a prefix: a key path that ends with {@code /}, so that it matches whole
	 * segments only and can never be empty (which would match everything).
	 * @param prefix the prefix
	 * @return the prefix
	 * @throws InvalidObjectKeyException naming what is wrong
	 */
	public static String requireValidPrefix(String prefix) {
		if (!prefix.endsWith("/")) {
			throw new InvalidObjectKeyException(prefix, "a prefix must end with '/'");
		}
		check(prefix.substring(0, prefix.length() - 1));
		return prefix;
	}

	private static void check(String key) {
		if (key.isEmpty()) {
			throw new InvalidObjectKeyException(key, "it is empty");
		}
		if (key.length() > MAX_LENGTH) {
			throw new InvalidObjectKeyException(key, "it is longer than " + MAX_LENGTH + " characters");
		}
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (Character.isISOControl(c)) {
				throw new InvalidObjectKeyException(key, "it contains a control character");
			}
			if (c == '\\') {
				throw new InvalidObjectKeyException(key, "it contains a backslash");
			}
			if (c == '%') {
				throw new InvalidObjectKeyException(key, "it contains '%'");
			}
		}
		if (key.startsWith("/")) {
			throw new InvalidObjectKeyException(key, "it starts with '/'");
		}
		for (String segment : key.split("/", -1)) {
			if (segment.isEmpty()) {
				throw new InvalidObjectKeyException(key, "it has an empty segment ('//')");
			}
			if (segment.equals("..") || segment.equals(".")) {
				throw new InvalidObjectKeyException(key, "it has a '" + segment + "' segment");
			}
			if (segment.startsWith(".")) {
				throw new InvalidObjectKeyException(key, "a segment starts with '.'");
			}
		}
		if (!ALLOWED.matcher(key).matches()) {
			throw new InvalidObjectKeyException(key, "only a-z, 0-9, '/', '_', '.' and '-' are allowed");
		}
	}

	/** {@code videos/{videoId}/}: everything of a video. */
	public static String videoPrefix(UUID videoId) {
		return "videos/" + videoId + "/";
	}

	/** {@code videos/{videoId}/source}: the upload. */
	public static String videoSource(UUID videoId) {
		return videoPrefix(videoId) + "source";
	}

	/** {@code videos/{videoId}/captions.srt|vtt}: the optional sidecar subtitles. */
	public static String videoCaptions(UUID videoId, String extension) {
		String ext = extension.toLowerCase(Locale.ROOT);
		if (!ext.equals("srt") && !ext.equals("vtt")) {
			throw new InvalidObjectKeyException(videoPrefix(videoId) + "captions." + ext, "captions are .srt or .vtt");
		}
		return videoPrefix(videoId) + "captions." + ext;
	}

	public static String videoProxy(UUID videoId) {
		return videoPrefix(videoId) + "proxy.mp4";
	}

	/** {@code videos/{videoId}/audio.{extension}}: audio for speech recognition. */
	public static String videoAudio(UUID videoId, String extension) {
		return requireValidKey(videoPrefix(videoId) + "audio." + extension);
	}

	public static String videoPoster(UUID videoId) {
		return videoPrefix(videoId) + "poster.jpg";
	}

	public static String videoStoryboard(UUID videoId) {
		return videoPrefix(videoId) + "storyboard.jpg";
	}

	public static String videoStoryboardVtt(UUID videoId) {
		return videoPrefix(videoId) + "storyboard.vtt";
	}

	/** {@code clips/{clipId}/}: everything of a clip. */
	public static String clipPrefix(UUID clipId) {
		return "clips/" + clipId + "/";
	}

	public static String clipPreview(UUID clipId) {
		return clipPrefix(clipId) + "preview.mp4";
	}

	public static String clipPoster(UUID clipId) {
		return clipPrefix(clipId) + "poster.jpg";
	}

	/** {@code exports/{exportId}/}: everything of an export. */
	public static String exportPrefix(UUID exportId) {
		return "exports/" + exportId + "/";
	}

	public static String exportFinal(UUID exportId) {
		return exportPrefix(exportId) + "final.mp4";
	}

}
