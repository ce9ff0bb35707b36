package com.clipworker.storage;

import java.nio.file.Path;

/**
 * A file from the {@link DownloadCache}, held (not evictable) until closed. Read it;
 * never change or move it.
 */
public final class CachedObject implements AutoCloseable {

	private final DownloadCache cache;

	private final String name;

	private final Path file;

	private final ObjectInfo info;

	private boolean closed;

	CachedObject(DownloadCache cache, String name, Path file, ObjectInfo info) {
		this.cache = cache;
		this.name = name;
		this.file = file;
		this.info = info;
	}

	/** The local file. */
	public Path path() {
		return this.file;
	}

	/** The object it is a copy of. */
	public ObjectInfo info() {
		return this.info;
	}

	@Override
	public synchronized void close() {
		if (!this.closed) {
			this.closed = true;
			this.cache.release(this.name);
		}
	}

}
