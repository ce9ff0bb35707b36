package com.clipworker.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import com.clipworker.files.DiskSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The object store on R2 (or any S3-compatible store) through the AWS SDK v2 synchronous
 * client that {@link S3Clients} configures. Files above the multipart threshold go up in
 * equal parts (the last may be shorter, as R2 requires), a few at a time, each streamed
 * from its slice of the file; any failure or interrupt aborts the multipart upload so no
 * parts are left behind.
 */
public class S3ObjectStore implements ObjectStore, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(S3ObjectStore.class);

	private final S3Client client;

	private final S3Presigner presigner;

	private final String bucket;

	private final long multipartThreshold;

	private final long partSize;

	private final int partConcurrency;

	/**
	 * Creates a store.
	 * @param client the client (closed with the store)
	 * @param presigner the presigner (closed with the store)
	 * @param bucket the bucket
	 * @param multipartThreshold files larger than this go up in parts
	 * @param partSize size of every part but the last (at least 5 MiB)
	 * @param partConcurrency parts in flight at once
	 */
	public S3ObjectStore(S3Client client, S3Presigner presigner, String bucket, long multipartThreshold, long partSize,
			int partConcurrency) {
		if (partSize < 5L * 1024 * 1024) {
			throw new IllegalArgumentException("parts are at least 5 MiB, not " + partSize + " bytes");
		}
		this.client = client;
		this.presigner = presigner;
		this.bucket = bucket;
		this.multipartThreshold = Math.max(multipartThreshold, partSize);
		this.partSize = partSize;
		this.partConcurrency = Math.max(1, partConcurrency);
	}

	@Override
	public ObjectInfo put(String key, Path file, String contentType, TransferListener listener) {
		ObjectKeys.requireValidKey(key);
		long size;
		try {
			size = Files.size(file);
		}
		catch (IOException ex) {
			throw new StorageUnavailableException("Upload", key, ex);
		}
		if (Thread.currentThread().isInterrupted()) {
			throw new TransferInterruptedException("Upload", key);
		}
		if (size <= this.multipartThreshold) {
			try {
				String etag = this.client
					.putObject((request) -> request.bucket(this.bucket).key(key).contentType(contentType),
							RequestBody.fromFile(file))
					.eTag();
				listener.transferred(size, size);
				return new ObjectInfo(key, size, etag, contentType);
			}
			catch (SdkException ex) {
				throw failure("Upload", key, ex);
			}
		}
		return putInParts(key, file, contentType, size, listener);
	}

	private ObjectInfo putInParts(String key, Path file, String contentType, long size, TransferListener listener) {
		String uploadId;
		try {
			uploadId = this.client
				.createMultipartUpload((request) -> request.bucket(this.bucket).key(key).contentType(contentType))
				.uploadId();
		}
		catch (SdkException ex) {
			throw failure("Upload", key, ex);
		}
		int parts = (int) ((size + this.partSize - 1) / this.partSize);
		List<Future<CompletedPart>> futures = new ArrayList<>(parts);
		Semaphore inFlight = new Semaphore(this.partConcurrency);
		boolean completed = false;
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			try {
				for (int part = 1; part <= parts; part++) {
					inFlight.acquire();
					long offset = (part - 1) * this.partSize;
					long length = Math.min(this.partSize, size - offset);
					int number = part;
					futures.add(executor.submit(() -> {
						try {
							return uploadPart(key, uploadId, number, file, offset, length);
						}
						finally {
							inFlight.release();
						}
					}));
				}
				List<CompletedPart> done = new ArrayList<>(parts);
				long sent = 0;
				for (int i = 0; i < parts; i++) {
					done.add(futures.get(i).get());
					sent += Math.min(this.partSize, size - i * this.partSize);
					listener.transferred(sent, size);
				}
				String etag = this.client
					.completeMultipartUpload((request) -> request.bucket(this.bucket)
						.key(key)
						.uploadId(uploadId)
						.multipartUpload((upload) -> upload.parts(done)))
					.eTag();
				completed = true;
				return new ObjectInfo(key, size, etag, contentType);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new TransferInterruptedException("Upload", key);
			}
			catch (ExecutionException ex) {
				Throwable cause = ex.getCause();
				if (cause instanceof SdkException sdk) {
					throw failure("Upload", key, sdk);
				}
				if (cause instanceof StorageException storage) {
					throw storage;
				}
				throw new StorageUnavailableException("Upload", key, cause);
			}
			catch (CancellationException ex) {
				throw new TransferInterruptedException("Upload", key);
			}
			catch (SdkException ex) {
				throw failure("Upload", key, ex);
			}
			finally {
				if (!completed) {
					futures.forEach((future) -> future.cancel(true));
					executor.shutdownNow();
				}
			}
		}
		finally {
			if (!completed) {
				abort(key, uploadId);
			}
		}
	}

	private CompletedPart uploadPart(String key, String uploadId, int number, Path file, long offset, long length) {
		String etag = this.client.uploadPart(
				(request) -> request.bucket(this.bucket)
					.key(key)
					.uploadId(uploadId)
					.partNumber(number)
					.contentLength(length),
				RequestBody.fromContentProvider(() -> slice(file, offset, length), length, "application/octet-stream"))
			.eTag();
		return CompletedPart.builder().partNumber(number).eTag(etag).build();
	}

	private static InputStream slice(Path file, long offset, long length) {
		try {
			FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
			channel.position(offset);
			return new BoundedInputStream(Channels.newInputStream(channel), length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

	private void abort(String key, String uploadId) {
		boolean interrupted = Thread.interrupted();
		try {
			this.client.abortMultipartUpload((request) -> request.bucket(this.bucket).key(key).uploadId(uploadId));
		}
		catch (SdkException ex) {
			logger.warn("Could not abort the multipart upload of '{}' ({}); the bucket's lifecycle rule removes it",
					key, ex.getMessage());
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public ObjectInfo get(String key, Path target) {
		ObjectKeys.requireValidKey(key);
		Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
		try {
			GetObjectResponse response = this.client.getObject((request) -> request.bucket(this.bucket).key(key),
					ResponseTransformer.toFile(partial));
			move(partial, target);
			return new ObjectInfo(key, response.contentLength(), response.eTag(), response.contentType());
		}
		catch (NoSuchKeyException ex) {
			throw new ObjectNotFoundException(key);
		}
		catch (SdkException | UncheckedIOException ex) {
			if (DiskSpace.isFull(ex)) {
				throw diskFull(key, partial, ex);
			}
			if (ex instanceof SdkException sdk) {
				throw failure("Download", key, sdk);
			}
			throw new StorageUnavailableException("Download", key, ex);
		}
		catch (IOException ex) {
			if (DiskSpace.isFull(ex)) {
				throw diskFull(key, partial, ex);
			}
			throw new StorageUnavailableException("Download", key, ex);
		}
		finally {
			try {
				Files.deleteIfExists(partial);
			}
			catch (IOException ex) {
				logger.warn("Could not remove the partial download {}", partial);
			}
		}
	}

	@Override
	public Optional<ObjectInfo> head(String key) {
		ObjectKeys.requireValidKey(key);
		try {
			HeadObjectResponse response = this.client.headObject((request) -> request.bucket(this.bucket).key(key));
			return Optional.of(new ObjectInfo(key, response.contentLength(), response.eTag(), response.contentType()));
		}
		catch (NoSuchKeyException ex) {
			return Optional.empty();
		}
		catch (S3Exception ex) {
			if (ex.statusCode() == 404) {
				return Optional.empty();
			}
			throw failure("Head", key, ex);
		}
		catch (SdkException ex) {
			throw failure("Head", key, ex);
		}
	}

	@Override
	public void delete(String key) {
		ObjectKeys.requireValidKey(key);
		try {
			this.client.deleteObject((request) -> request.bucket(this.bucket).key(key));
		}
		catch (SdkException ex) {
			throw failure("Delete", key, ex);
		}
	}

	@Override
	public int deletePrefix(String prefix) {
		// One DeleteObject per key: the batch DeleteObjects call needs a checksum header
		// that not every S3-compatible store accepts, and a prefix holds a few dozen
		// keys.
		List<ObjectInfo> objects = list(prefix);
		for (ObjectInfo object : objects) {
			delete(object.key());
		}
		return objects.size();
	}

	@Override
	public List<ObjectInfo> list(String prefix) {
		ObjectKeys.requireValidPrefix(prefix);
		try {
			List<ObjectInfo> objects = new ArrayList<>();
			for (S3Object object : this.client
				.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix(prefix))
				.contents()) {
				objects.add(new ObjectInfo(object.key(), object.size(), object.eTag(), null));
			}
			return objects;
		}
		catch (SdkException ex) {
			throw failure("List", prefix, ex);
		}
	}

	@Override
	public URI presignedGet(String key, Duration expiry) {
		ObjectKeys.requireValidKey(key);
		ObjectStore.requireValidExpiry(expiry);
		try {
			return this.presigner
				.presignGetObject((presign) -> presign.signatureDuration(expiry)
					.getObjectRequest((request) -> request.bucket(this.bucket).key(key)))
				.url()
				.toURI();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException("The presigner made an invalid URL", ex);
		}
	}

	@Override
	public void check() {
		try {
			this.client.headBucket((request) -> request.bucket(this.bucket));
		}
		catch (SdkException ex) {
			throw failure("Check", this.bucket, ex);
		}
	}

	@Override
	public String describe() {
		return "bucket " + this.bucket;
	}

	@Override
	public void close() {
		this.presigner.close();
		this.client.close();
	}

	private static StorageException failure(String operation, String key, SdkException ex) {
		if (ex instanceof AbortedException || Thread.currentThread().isInterrupted()) {
			return new TransferInterruptedException(operation, key);
		}
		if (ex instanceof NoSuchKeyException) {
			return new ObjectNotFoundException(key);
		}
		return new StorageUnavailableException(operation, key, ex);
	}

	/** A download that filled the disk, reported once its partial file is gone. */
	private static LocalDiskFullException diskFull(String key, Path partial, Exception cause) {
		try {
			Files.deleteIfExists(partial);
		}
		catch (IOException ex) {
			cause.addSuppressed(ex);
		}
		return new LocalDiskFullException("Download", key, partial.toAbsolutePath().getParent(), cause);
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
