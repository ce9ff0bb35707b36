package com.clipworker.media;

import java.nio.file.Path;

/**
 * Not enough free disk for an operation to start. Retriable (another replica may have
 * room).
 */
public class InsufficientDiskException extends MediaException {

	public InsufficientDiskException(Path directory, long neededBytes, long freeBytes) {
		super("Not enough free disk under " + directory + ": need " + neededBytes + " bytes, " + freeBytes + " free");
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
