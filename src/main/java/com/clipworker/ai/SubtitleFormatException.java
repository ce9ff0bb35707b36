package com.clipworker.ai;

/**
 * A subtitle file (an embedded stream or an uploaded sidecar) is not valid SRT or WebVTT.
 * Bad input: not retriable.
 */
public class SubtitleFormatException extends AiException {

	public SubtitleFormatException(String format, int line, String problem) {
		super("Invalid " + format + " subtitles at line " + line + ": " + problem, false, null, null);
	}

}
