package com.clipworker.media;

/** How a source is fitted into an export frame of another aspect. */
public enum Reframe {

	/** Crop the centre to the target aspect. */
	CENTRE_CROP("centre-crop"),

	/**
	 * Fit the whole source over a blurred, cropped copy of itself (blur at low
	 * resolution).
	 */
	BLURRED_PAD("blurred-pad");

	private final String id;

	Reframe(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	public static Reframe fromId(String id) {
		for (Reframe reframe : values()) {
			if (reframe.id.equals(id)) {
				return reframe;
			}
		}
		throw new MediaRejectedException("reframe one of centre-crop, blurred-pad", id);
	}

}
