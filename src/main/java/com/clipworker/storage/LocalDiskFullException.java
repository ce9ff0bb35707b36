package com.clipworker.storage;

import java.nio.file.Path;

import com.clipworker.files.DiskSpace;

/**
 * The local disk filled up while an object was written to it. Retriable: space comes back
 * when other work ends, and another replica may have room. The partial file is deleted
 * before this is thrown.
 */
public class LocalDiskFullException extends StorageException {

	public LocalDiskFullException(String operation, String key, Path directory, Throwable cause) {
		super(operation + " of '" + key + "' ran out of disk under " + directory + " ("
				+ DiskSpace.describeFree(directory) + ")", cause);
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
