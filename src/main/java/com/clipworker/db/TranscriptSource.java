package com.clipworker.db;

import java.util.Locale;

/**
 * Where a video's transcript came from: subtitles inside the upload, the sidecar file the
 * web app uploaded, a speech-to-text API, or nowhere ({@link #NONE}, with the reason in
 * {@code transcript_note}).
 */
public enum TranscriptSource {

	SUBTITLES, SIDECAR, API, NONE;

	/** The value stored in the {@code transcript_source} and {@code source} columns. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static TranscriptSource of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
