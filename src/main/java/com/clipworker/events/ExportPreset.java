package com.clipworker.events;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The output shapes of an export, by the stable id the web app stores in
 * {@code exports.preset}.
 */
public enum ExportPreset {

	/** 9:16 for Shorts, Reels and TikTok. */
	VERTICAL("vertical", "9:16", 1080, 1920, "9:16 for Shorts, Reels and TikTok"),

	/** 1:1 for feeds. */
	SQUARE("square", "1:1", 1080, 1080, "1:1 for feeds"),

	/** 16:9 for YouTube and the web. */
	LANDSCAPE("landscape", "16:9", 1920, 1080, "16:9 for YouTube and the web");

	private final String id;

	private final String aspect;

	private final int width;

	private final int height;

	private final String description;

	ExportPreset(String id, String aspect, int width, int height, String description) {
		this.id = id;
		this.aspect = aspect;
		this.width = width;
		this.height = height;
		this.description = description;
	}

	/** The stable id, as stored and sent. */
	@JsonValue
	public String id() {
		return this.id;
	}

	/** The aspect ratio, e.g. {@code 9:16}. */
	public String aspect() {
		return this.aspect;
	}

	public int width() {
		return this.width;
	}

	public int height() {
		return this.height;
	}

	public String description() {
		return this.description;
	}

	/**
	 * The preset with this id.
	 * @param id a stored id
	 * @return the preset
	 * @throws UnknownIdentifierException when no preset has the id
	 */
	public static ExportPreset fromId(String id) {
		return Arrays.stream(values())
			.filter((preset) -> preset.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new UnknownIdentifierException("export preset", id, ids()));
	}

	/** Every id, in declaration order. */
	public static List<String> ids() {
		return Arrays.stream(values()).map(ExportPreset::id).toList();
	}

}
