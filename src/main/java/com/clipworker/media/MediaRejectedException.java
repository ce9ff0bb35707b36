package com.clipworker.media;

/**
 * A user file (or user text) that the worker refuses: not a supported container, over a
 * limit, unreadable. Never retriable.
 */
public class MediaRejectedException extends MediaException {

	private final String limit;

	private final String measured;

	/**
	 * @param limit what was checked, e.g. {@code "max-pixels 8294400"}
	 * @param measured what the input had, e.g. {@code "5000x4000 = 20000000 pixels"}
	 */
	public MediaRejectedException(String limit, String measured) {
		super("Input rejected: " + limit + " (measured: " + measured + ")");
		this.limit = limit;
		this.measured = measured;
	}

	public String limit() {
		return this.limit;
	}

	public String measured() {
		return this.measured;
	}

	@Override
	public boolean retriable() {
		return false;
	}

}
