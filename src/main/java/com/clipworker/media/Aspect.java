package com.clipworker.media;

/** Export aspect ratios, by the ids the web app stores. */
public enum Aspect {

	VERTICAL("9:16"), SQUARE("1:1"), LANDSCAPE("16:9");

	private final String id;

	Aspect(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	/**
	 * The aspect for an id.
	 * @param id {@code 9:16}, {@code 1:1} or {@code 16:9}
	 * @return the aspect
	 * @throws MediaRejectedException for any other id
	 */
	public static Aspect fromId(String id) {
		for (Aspect aspect : values()) {
			if (aspect.id.equals(id)) {
				return aspect;
			}
		}
		throw new MediaRejectedException("aspect one of 9:16, 1:1, 16:9", id);
	}

	/**
	 * The frame size configured for this aspect.
	 * @param export the configured export settings
	 * @return width and height
	 */
	public FrameSize size(MediaProperties.ExportSettings export) {
		return FrameSize.parse(switch (this) {
			case VERTICAL -> export.vertical();
			case SQUARE -> export.square();
			case LANDSCAPE -> export.landscape();
		});
	}

	/**
	 * Width and height of a frame.
	 *
	 * @param width width in pixels
	 * @param height height in pixels
	 */
	public record FrameSize(int width, int height) {

		static FrameSize parse(String size) {
			String[] parts = size.split("x");
			return new FrameSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
		}

	}

}
