package com.clipworker.jobs;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import com.clipworker.storage.ObjectStore;

/**
 * An upload that a deletion may overtake. delete-video removes the rows first and the
 * objects after, so a step that was still running when its video was deleted checks,
 * after its upload, that its row still exists; if it does not, it removes what it just
 * wrote and stops for good. Before the upload, a step that runs under a lease checks it
 * still holds it ({@link StepWorkspace#requireLease()}). Either the deletion's object
 * sweep comes after the upload and removes it, or the check sees the missing row: no
 * object outlives its video.
 */
public final class GuardedUpload {

	private GuardedUpload() {
	}

	/**
	 * Uploads a file, then keeps it only while its row exists.
	 * @param store the object store
	 * @param key the object's key
	 * @param file what to upload
	 * @param contentType its content type
	 * @param rowExists whether the row the object belongs to still exists
	 * @param what the row, for the error ("video 1234")
	 * @return the key
	 * @throws JobInputException when the row was deleted meanwhile (the object is removed
	 * again)
	 */
	public static String put(ObjectStore store, String key, Path file, String contentType, BooleanSupplier rowExists,
			String what) {
		StepWorkspace.requireLease();
		store.put(key, file, contentType);
		if (!rowExists.getAsBoolean()) {
			store.delete(key);
			throw new JobInputException("The " + what + " was deleted while this step ran");
		}
		return key;
	}

}
