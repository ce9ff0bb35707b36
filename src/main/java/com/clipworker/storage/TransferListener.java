package com.clipworker.storage;

/**
 * Told how far an upload is, on the calling thread, after each chunk or part. Throwing
 * from it stops the upload, which then leaves nothing behind.
 */
@FunctionalInterface
public interface TransferListener {

	/** A listener that does nothing. */
	TransferListener NONE = (transferred, total) -> {
	};

	/**
	 * Reports progress.
	 * @param transferred bytes sent so far
	 * @param total bytes to send
	 */
	void transferred(long transferred, long total);

}
