package com.clipworker.media.captions;

import com.clipworker.media.MediaRejectedException;

/**
 * The caption styles the web app offers, by id, each an HTML/CSS template drawn with the
 * system Noto fonts (Latin, CJK, Arabic, Hebrew, colour emoji).
 */
public enum CaptionStyle {

	/** White heavy capitals with a black outline; the active word yellow and larger. */
	BOLD_POP("bold-pop", 0xFFD400, 0.60,
			".word{color:#fff;font-weight:900;text-transform:uppercase;-webkit-text-stroke:0.1em #000;"
					+ "paint-order:stroke fill;text-shadow:0 0.05em 0.1em rgba(0,0,0,.55)}"
					+ ".word.active{color:#FFD400;display:inline-block;transform:scale(1.1)}"),

	/** Karaoke: words turn cyan as they are spoken. */
	KARAOKE("karaoke", 0x22D3EE, 0.60,
			".word{color:#fff;font-weight:800;-webkit-text-stroke:0.08em #000;paint-order:stroke fill}"
					+ ".word.spoken,.word.active{color:#22D3EE}"),

	/**
	 * A dark bar behind plain white text near the bottom; the active word pale yellow.
	 */
	SUBTITLE_BAR("subtitle-bar", 0xFFE066, 0.74,
			".line{background:rgba(0,0,0,.72);padding:0.06em 0.4em;border-radius:0.15em;margin:0.06em 0}"
					+ ".word{color:#fff;font-weight:600}.word.active{color:#FFE066}");

	private final String id;

	private final int highlight;

	private final double bandTop;

	private final String css;

	CaptionStyle(String id, int highlight, double bandTop, String css) {
		this.id = id;
		this.highlight = highlight;
		this.bandTop = bandTop;
		this.css = css;
	}

	public String id() {
		return this.id;
	}

	/** The colour of the active word, as 0xRRGGBB. */
	public int highlight() {
		return this.highlight;
	}

	String css() {
		return this.css;
	}

	/**
	 * Where this style's caption band sits in a frame.
	 * @param width frame width
	 * @param height frame height
	 * @return the band
	 */
	public Band band(int width, int height) {
		int bandHeight = even((int) Math.round(height * 0.22));
		int top = even((int) Math.round(height * this.bandTop));
		return new Band(width, bandHeight, Math.min(top, height - bandHeight));
	}

	/**
	 * The style for an id.
	 * @param id {@code bold-pop}, {@code karaoke} or {@code subtitle-bar}
	 * @return the style
	 * @throws MediaRejectedException for any other id
	 */
	public static CaptionStyle fromId(String id) {
		for (CaptionStyle style : values()) {
			if (style.id.equals(id)) {
				return style;
			}
		}
		throw new MediaRejectedException("caption style one of bold-pop, karaoke, subtitle-bar", id);
	}

	private static int even(int value) {
		return Math.max(2, value - (value % 2));
	}

	/**
	 * The caption band: the rendered image size and where the overlay puts it.
	 *
	 * @param width image width (the frame width)
	 * @param height image height
	 * @param y top of the band in the frame
	 */
	public record Band(int width, int height, int y) {
	}

}
