package com.clipworker.events;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How captions are burned into an export, by the stable id the web app stores in
 * {@code exports.caption_style}.
 */
public enum CaptionStyle {

	/** Large bold words that pop in one by one. */
	BOLD_POP("bold-pop", "Large bold words that pop in one by one"),

	/** A full line with the spoken word highlighted. */
	KARAOKE("karaoke", "A full line with the spoken word highlighted"),

	/** Classic subtitles on a translucent bar. */
	SUBTITLE_BAR("subtitle-bar", "Classic subtitles on a translucent bar"),

	/** No captions. */
	NONE("none", "No captions");

	private final String id;

	private final String description;

	CaptionStyle(String id, String description) {
		this.id = id;
		this.description = description;
	}

	/** The stable id, as stored and sent. */
	@JsonValue
	public String id() {
		return this.id;
	}

	public String description() {
		return this.description;
	}

	/**
	 * The style with this id.
	 * @param id a stored id
	 * @return the style
	 * @throws UnknownIdentifierException when no style has the id
	 */
	public static CaptionStyle fromId(String id) {
		return Arrays.stream(values())
			.filter((style) -> style.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new UnknownIdentifierException("caption style", id, ids()));
	}

	/** Every id, in declaration order. */
	public static List<String> ids() {
		return Arrays.stream(values()).map(CaptionStyle::id).toList();
	}

}
