package com.clipworker.ai;

import java.nio.file.Path;

/**
 * The audio chunk file cannot be read (missing, not a file). The step that made it did
 * not leave it where the transcriber was told to look: not retriable as is.
 */
public class AudioChunkUnreadableException extends AiException {

	public AudioChunkUnreadableException(Path file, Throwable cause) {
		super("Cannot read audio chunk " + file.getFileName() + ": " + cause.getMessage(), false, null, cause);
	}

}
