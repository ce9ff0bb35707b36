package com.clipworker.media;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A process exited with a non-zero status. Its message carries the program, the exit code
 * and the tail of stderr (never the arguments, which hold paths only, and never the
 * environment). Retriable: inputs are vetted before any process runs, so a failure here
 * is the machine's, not the user's.
 */
public class MediaProcessException extends MediaException {

	private final int exitCode;

	private final String stderrTail;

	public MediaProcessException(List<String> command, int exitCode, String stderrTail) {
		super(ProcessRunner.programName(command) + " exited with " + exitCode + ": " + stderrTail);
		this.exitCode = exitCode;
		this.stderrTail = stderrTail;
	}

	public MediaProcessException(String message, @Nullable Throwable cause) {
		super(message, cause);
		this.exitCode = -1;
		this.stderrTail = "";
	}

	public int exitCode() {
		return this.exitCode;
	}

	public String stderrTail() {
		return this.stderrTail;
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
