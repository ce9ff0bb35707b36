package com.clipworker.db;

import java.util.UUID;

/**
 * A reprocess was asked of a generation that is no longer the video's current one, or of
 * a video that is still being processed.
 */
public class ReprocessRefusedException extends DatabaseException {

	public ReprocessRefusedException(UUID videoId, int fromGeneration, String reason) {
		super("Video " + videoId + " cannot start a reprocess from generation " + fromGeneration + ": " + reason);
	}

	@Override
	public boolean retriable() {
		return false;
	}

}
