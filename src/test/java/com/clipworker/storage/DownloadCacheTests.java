package com.clipworker.storage;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DownloadCacheTests {

	@TempDir
	Path temp;

	private CountingStore store;

	@BeforeEach
	void createStore() {
		this.store = new CountingStore(new LocalDiskObjectStore(this.temp.resolve("objects"),
				URI.create("http://127.0.0.1"), new byte[] { 1 }, Clock.systemUTC()));
	}

	private void upload(String key, int size, long seed) {
		this.store.put(key, TestFiles.write(this.temp.resolve("upload-" + seed), size, seed), "video/mp4");
	}

	private DownloadCache aCache(long maxBytes) {
		return new DownloadCache(this.store, this.temp.resolve("cache"), maxBytes);
	}

	@Test
	void consecutiveFetchesDownloadOnce() {
		upload("videos/a/source", 1000, 1);
		DownloadCache cache = aCache(10_000);
		try (CachedObject first = cache.fetch("videos/a/source")) {
			assertThat(first.path()).hasSize(1000);
			assertThat(TestFiles.sha256(first.path())).isEqualTo(TestFiles.sha256(this.temp.resolve("upload-1")));
		}
		try (CachedObject second = cache.fetch("videos/a/source")) {
			assertThat(second.path()).hasSize(1000);
		}
		assertThat(this.store.downloads.get()).isEqualTo(1);
	}

	@Test
	void aReplacedObjectIsFetchedAgain() {
		upload("videos/a/source", 1000, 1);
		DownloadCache cache = aCache(10_000);
		cache.fetch("videos/a/source").close();
		upload("videos/a/source", 1200, 2);
		try (CachedObject fresh = cache.fetch("videos/a/source")) {
			assertThat(fresh.path()).hasSize(1200);
		}
		assertThat(this.store.downloads.get()).isEqualTo(2);
	}

	@Test
	void evictsTheLeastRecentlyUsedButNeverAFileInUse() {
		upload("videos/a/source", 1000, 1);
		upload("videos/b/source", 1000, 2);
		upload("videos/c/source", 1000, 3);
		DownloadCache cache = aCache(2500);
		CachedObject a = cache.fetch("videos/a/source");
		cache.fetch("videos/b/source").close();
		cache.fetch("videos/c/source").close();
		assertThat(a.path()).as("held, so kept over the limit").exists();
		assertThat(cache.size()).isLessThanOrEqualTo(2500);
		a.close();
		cache.fetch("videos/c/source").close();
		assertThat(this.store.downloads.get()).isEqualTo(3);
		cache.fetch("videos/b/source").close();
		assertThat(this.store.downloads.get()).as("b was evicted as least recently used").isEqualTo(4);
		assertThat(cache.size()).isLessThanOrEqualTo(2500);
	}

	@Test
	void concurrentFetchesOfOneObjectDownloadItOnce() throws Exception {
		upload("videos/a/source", 3_000_000, 1);
		DownloadCache cache = aCache(100_000_000);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Long>> fetches = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 8; i++) {
				fetches.add(pool.submit(() -> {
					start.await();
					try (CachedObject object = cache.fetch("videos/a/source")) {
						return Files.size(object.path());
					}
				}));
			}
			start.countDown();
			for (Future<Long> fetch : fetches) {
				assertThat(fetch.get()).isEqualTo(3_000_000);
			}
		}
		assertThat(this.store.downloads.get()).isEqualTo(1);
	}

	@Test
	void aRestartKeepsWhatWasCachedAndDropsPartialFiles() throws Exception {
		upload("videos/a/source", 1000, 1);
		aCache(10_000).fetch("videos/a/source").close();
		Files.writeString(this.temp.resolve("cache").resolve(".leftover.part"), "x");
		DownloadCache restarted = aCache(10_000);
		restarted.fetch("videos/a/source").close();
		assertThat(this.store.downloads.get()).isEqualTo(1);
		assertThat(this.temp.resolve("cache").resolve(".leftover.part")).doesNotExist();
	}

	@Test
	void aMissingObjectIsNotFound() {
		assertThatExceptionOfType(ObjectNotFoundException.class)
			.isThrownBy(() -> aCache(1000).fetch("videos/x/source"));
	}

	/** Counts downloads of the store it wraps. */
	private static final class CountingStore implements ObjectStore {

		private final ObjectStore delegate;

		private final AtomicInteger downloads = new AtomicInteger();

		CountingStore(ObjectStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public ObjectInfo put(String key, Path file, String contentType, TransferListener listener) {
			return this.delegate.put(key, file, contentType, listener);
		}

		@Override
		public ObjectInfo get(String key, Path target) {
			this.downloads.incrementAndGet();
			return this.delegate.get(key, target);
		}

		@Override
		public java.util.Optional<ObjectInfo> head(String key) {
			return this.delegate.head(key);
		}

		@Override
		public void delete(String key) {
			this.delegate.delete(key);
		}

		@Override
		public int deletePrefix(String prefix) {
			return this.delegate.deletePrefix(prefix);
		}

		@Override
		public List<ObjectInfo> list(String prefix) {
			return this.delegate.list(prefix);
		}

		@Override
		public URI presignedGet(String key, java.time.Duration expiry) {
			return this.delegate.presignedGet(key, expiry);
		}

		@Override
		public void check() {
			this.delegate.check();
		}

		@Override
		public String describe() {
			return this.delegate.describe();
		}

	}

}
