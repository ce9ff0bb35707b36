package com.clipworker.media;

import java.nio.file.Path;

/**
 * Not enough free disk: for an operation to start, or for a process that ran out of it
 * while writing. Retriable (space comes back when other work ends, and another replica
 * may have room).
 */
public class InsufficientDiskException extends MediaException {

	public InsufficientDiskException(Path directory, long neededBytes, long freeBytes) {
		super("Not enough free disk under " + directory + ": need " + neededBytes + " bytes, " + freeBytes + " free");
	}

	/**
	 * A process ran out of disk while it wrote.
	 * @param program the program's file name
	 * @param directory where it wrote (the job's directory)
	 * @param freeBytes free bytes there now, or -1 when they cannot be read
	 * @param stderrTail the end of what it reported
	 */
	public InsufficientDiskException(String program, Path directory, long freeBytes, String stderrTail) {
		super("No space left on device under " + directory + " while " + program + " wrote there ("
				+ ((freeBytes < 0) ? "free space unknown" : freeBytes + " bytes free") + "): " + stderrTail);
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
