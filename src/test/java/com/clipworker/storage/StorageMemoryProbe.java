package com.clipworker.storage;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.util.unit.DataSize;

/**
 * Run in a child JVM with a small heap by {@link StorageMemoryIntegrationTests}: puts a
 * file and gets it back through one store, then prints one line of measurements on
 * standard output for the parent to read.
 */
public final class StorageMemoryProbe {

	private StorageMemoryProbe() {
	}

	/**
	 * Arguments: {@code s3 <endpoint> <bucket> <file> <key>} or
	 * {@code local <directory> <file> <key>}.
	 */
	public static void main(String[] args) throws Exception {
		ObjectStore store;
		int next;
		if (args[0].equals("s3")) {
			StorageProperties properties = new StorageProperties(
					new StorageProperties.R2(null, "test-key", "test-secret", args[2], args[1]),
					new StorageProperties.Local(null, null), new StorageProperties.Cache(null, DataSize.ofGigabytes(1)),
					DataSize.ofMegabytes(8), DataSize.ofMegabytes(16), 4, Duration.ofSeconds(5), Duration.ofSeconds(60),
					2);
			store = S3Clients.store(properties, List.of());
			next = 3;
		}
		else {
			store = new LocalDiskObjectStore(Path.of(args[1]), URI.create("http://127.0.0.1"), new byte[] { 1 },
					Clock.systemUTC());
			next = 2;
		}
		Path file = Path.of(args[next]);
		String key = args[next + 1];
		Path copy = file.resolveSibling(file.getFileName() + ".copy");
		long start = System.nanoTime();
		store.put(key, file, "video/mp4");
		long put = System.nanoTime();
		store.get(key, copy);
		long get = System.nanoTime();
		long peakHeap = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				peakHeap += pool.getPeakUsage().getUsed();
			}
		}
		long size = Files.size(copy);
		Files.delete(copy);
		store.delete(key);
		if (store instanceof AutoCloseable closeable) {
			closeable.close();
		}
		String line = "size=" + size + " putMs=" + (put - start) / 1_000_000 + " getMs=" + (get - put) / 1_000_000
				+ " peakHeapMb=" + peakHeap / (1024 * 1024) + " maxHeapMb="
				+ Runtime.getRuntime().maxMemory() / (1024 * 1024);
		System.out.println(line);
	}

}
