package com.clipworker.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A handful of verbs over an object store. Every key and prefix is checked by
 * {@link ObjectKeys} before any I/O. Content moves between files and the store as
 * streams; a failed or interrupted transfer leaves no object, no partial file and no open
 * multipart upload behind. Writes to one key replace the object whole, so a retried step
 * simply overwrites. Failures are {@link StorageException}s that say whether they are
 * retriable.
 */
public interface ObjectStore {

	/**
	 * Uploads a file (in parts above the multipart threshold).
	 * @param key the object's key
	 * @param file the file to upload
	 * @param contentType the content type to store
	 * @param listener told of progress on the calling thread; throwing from it stops the
	 * upload
	 * @return what was stored
	 */
	ObjectInfo put(String key, Path file, String contentType, TransferListener listener);

	/**
	 * Uploads a file (in parts above the multipart threshold).
	 * @param key the object's key
	 * @param file the file to upload
	 * @param contentType the content type to store
	 * @return what was stored
	 */
	default ObjectInfo put(String key, Path file, String contentType) {
		return put(key, file, contentType, TransferListener.NONE);
	}

	/**
	 * Downloads an object into a file, replacing the file atomically when complete.
	 * @param key the object's key
	 * @param target the file to write
	 * @return what was downloaded
	 * @throws ObjectNotFoundException when there is no such object
	 */
	ObjectInfo get(String key, Path target);

	/**
	 * Size, entity tag and content type of an object.
	 * @param key the object's key
	 * @return what the store knows, or empty when there is no such object
	 */
	Optional<ObjectInfo> head(String key);

	/** Whether an object exists. */
	default boolean exists(String key) {
		return head(key).isPresent();
	}

	/** Deletes an object; deleting a missing object is not an error. */
	void delete(String key);

	/**
	 * Deletes every object under a prefix.
	 * @param prefix a prefix ending with {@code /}
	 * @return how many objects were deleted
	 */
	int deletePrefix(String prefix);

	/**
	 * Lists the objects under a prefix, in key order.
	 * @param prefix a prefix ending with {@code /}
	 * @return the objects (content types may be {@code null})
	 */
	List<ObjectInfo> list(String prefix);

	/**
	 * A link that lets anyone holding it GET the object until it expires. The link is a
	 * credential: never log it.
	 * @param key the object's key
	 * @param expiry how long the link works (1 second to 7 days)
	 * @return the link
	 */
	URI presignedGet(String key, Duration expiry);

	/** Checks that the store answers (bucket or directory reachable); throws when not. */
	void check();

	/** What this store is, for logs (no secrets). */
	String describe();

	/** Checks a link expiry against the limits every implementation shares (R2's). */
	static Duration requireValidExpiry(Duration expiry) {
		if (expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(Duration.ofDays(7)) > 0) {
			throw new IllegalArgumentException("a link expires after 1 second to 7 days, not " + expiry);
		}
		return expiry;
	}

}
