package com.clipworker.media;

/** The classes of process that have their own concurrency limit. */
public enum ProcessKind {

	/** Video encodes: proxies, segments, previews, exports. */
	HEAVY("heavy"),

	/** Short ffmpeg and ffprobe tasks: probe, audio, poster, analysis, joins. */
	LIGHT("light"),

	/** Headless Chromium rendering. */
	BROWSER("browser"),

	/** Version checks for health; never blocked by real work. */
	CHECK("check");

	private final String id;

	ProcessKind(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

}
