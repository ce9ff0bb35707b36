package com.clipworker.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The local disk filled up while an object was written to it. Retriable: space comes back
 * when other work ends, and another replica may have room. The partial file is deleted
 * before this is thrown.
 */
public class LocalDiskFullException extends StorageException {

	private static final List<String> DISK_FULL = List.of("No space left on device", "Disk quota exceeded");

	public LocalDiskFullException(String operation, String key, Path directory, Throwable cause) {
		super(operation + " of '" + key + "' ran out of disk under " + directory + " (" + free(directory) + ")", cause);
	}

	@Override
	public boolean retriable() {
		return true;
	}

	/**
	 * Whether a failure was the file system running out of space.
	 * @param failure what a write threw
	 * @return whether an I/O error in its causes says the disk is full
	 */
	static boolean isDiskFull(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			if (cause instanceof IOException && message != null && DISK_FULL.stream().anyMatch(message::contains)) {
				return true;
			}
		}
		return false;
	}

	private static String free(Path directory) {
		try {
			return Files.getFileStore(directory).getUsableSpace() + " bytes free";
		}
		catch (IOException ex) {
			return "free space unknown";
		}
	}

}
