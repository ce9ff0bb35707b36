package com.clipworker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded directory of downloaded objects keyed by object key and entity tag, so that
 * consecutive steps on one replica fetch a source once. A replaced object has a new
 * entity tag and is fetched again. Least recently used files are evicted when the cache
 * grows past its size, except files a step still holds open. Concurrent fetches of one
 * object download it once; the others wait for it. One process per directory.
 */
public class DownloadCache {

	private static final Logger logger = LoggerFactory.getLogger(DownloadCache.class);

	private final ObjectStore store;

	private final Path directory;

	private final long maxBytes;

	private final Map<String, Entry> entries = new HashMap<>();

	private final Map<String, CompletableFuture<Void>> loading = new HashMap<>();

	private long totalBytes;

	private long clock;

	/**
	 * Creates a cache, indexing what an earlier run left in the directory.
	 * @param store where objects come from
	 * @param directory the cache's directory (created when missing)
	 * @param maxBytes the most the cache keeps
	 */
	public DownloadCache(ObjectStore store, Path directory, long maxBytes) {
		this.store = store;
		this.directory = directory.toAbsolutePath().normalize();
		this.maxBytes = maxBytes;
		try {
			Files.createDirectories(this.directory);
			try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory)) {
				for (Path file : files) {
					String name = file.getFileName().toString();
					if (name.startsWith(".")) {
						Files.deleteIfExists(file);
					}
					else if (Files.isRegularFile(file)) {
						long size = Files.size(file);
						this.entries.put(name, new Entry(file, size, Files.getLastModifiedTime(file).toMillis()));
						this.totalBytes += size;
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open the download cache in " + this.directory, ex);
		}
		this.entries.values().stream().mapToLong((entry) -> entry.lastUsed).max().ifPresent((max) -> this.clock = max);
		synchronized (this) {
			evict();
		}
	}

	/**
	 * The current version of an object as a local file, downloaded unless the cache has
	 * it. Close the result when done so that the file may be evicted.
	 * @param key the object's key
	 * @return the cached file, held until closed
	 * @throws ObjectNotFoundException when there is no such object
	 */
	public CachedObject fetch(String key) {
		ObjectInfo info = this.store.head(key).orElseThrow(() -> new ObjectNotFoundException(key));
		String name = name(key, info.etag());
		while (true) {
			CompletableFuture<Void> wait;
			CompletableFuture<Void> mine = null;
			synchronized (this) {
				Entry entry = this.entries.get(name);
				if (entry != null && Files.isRegularFile(entry.file)) {
					entry.pins++;
					entry.lastUsed = ++this.clock;
					return new CachedObject(this, name, entry.file, info);
				}
				if (entry != null) {
					remove(name, entry);
				}
				wait = this.loading.get(name);
				if (wait == null) {
					mine = new CompletableFuture<>();
					this.loading.put(name, mine);
				}
			}
			if (mine != null) {
				return download(key, name, info, mine);
			}
			try {
				wait.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new TransferInterruptedException("Download", key);
			}
			catch (ExecutionException ex) {
				// The other download failed; try once more ourselves.
				logger.debug("A concurrent download of '{}' failed; retrying", key);
			}
		}
	}

	private CachedObject download(String key, String name, ObjectInfo info, CompletableFuture<Void> done) {
		Path file = this.directory.resolve(name);
		try {
			ObjectInfo downloaded = this.store.get(key, file);
			long size = Files.size(file);
			synchronized (this) {
				Entry entry = new Entry(file, size, ++this.clock);
				entry.pins = 1;
				this.entries.put(name, entry);
				this.totalBytes += size;
				this.loading.remove(name);
				evict();
			}
			done.complete(null);
			return new CachedObject(this, name, file, downloaded);
		}
		catch (IOException ex) {
			fail(name, done, ex);
			throw new StorageUnavailableException("Download", key, ex);
		}
		catch (RuntimeException ex) {
			fail(name, done, ex);
			throw ex;
		}
	}

	private void fail(String name, CompletableFuture<Void> done, Exception ex) {
		synchronized (this) {
			this.loading.remove(name);
		}
		done.completeExceptionally(ex);
	}

	synchronized void release(String name) {
		Entry entry = this.entries.get(name);
		if (entry != null && entry.pins > 0) {
			entry.pins--;
		}
		evict();
	}

	/** Bytes the cache holds now. */
	public synchronized long size() {
		return this.totalBytes;
	}

	private void evict() {
		while (this.totalBytes > this.maxBytes) {
			String oldest = null;
			Entry victim = null;
			for (Map.Entry<String, Entry> candidate : this.entries.entrySet()) {
				Entry entry = candidate.getValue();
				if (entry.pins == 0 && (victim == null || entry.lastUsed < victim.lastUsed)) {
					oldest = candidate.getKey();
					victim = entry;
				}
			}
			if (victim == null) {
				return;
			}
			remove(oldest, victim);
		}
	}

	private void remove(String name, Entry entry) {
		this.entries.remove(name);
		this.totalBytes -= entry.size;
		try {
			Files.deleteIfExists(entry.file);
		}
		catch (IOException ex) {
			logger.warn("Could not evict {} from the download cache: {}", entry.file, ex.getMessage());
		}
	}

	static String name(String key, String etag) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest((key + "\n" + etag).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is unavailable", ex);
		}
	}

	private static final class Entry {

		private final Path file;

		private final long size;

		private long lastUsed;

		private int pins;

		private Entry(Path file, long size, long lastUsed) {
			this.file = file;
			this.size = size;
			this.lastUsed = lastUsed;
		}

	}

}
