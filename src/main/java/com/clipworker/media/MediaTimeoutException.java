package com.clipworker.media;

import java.time.Duration;
import java.util.List;

/**
 * A process ran past its deadline; its whole tree was killed and its outputs deleted.
 * Retriable.
 */
public class MediaTimeoutException extends MediaException {

	public MediaTimeoutException(List<String> command, Duration deadline, String stderrTail) {
		super(ProcessRunner.programName(command) + " ran past its deadline of " + deadline.toSeconds()
				+ " s and was killed: " + stderrTail);
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
