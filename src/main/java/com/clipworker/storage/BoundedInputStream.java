package com.clipworker.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most a given number of bytes of another stream, then reports its end. */
final class BoundedInputStream extends FilterInputStream {

	private long remaining;

	BoundedInputStream(InputStream in, long length) {
		super(in);
		this.remaining = length;
	}

	@Override
	public int read() throws IOException {
		if (this.remaining <= 0) {
			return -1;
		}
		int b = super.read();
		if (b >= 0) {
			this.remaining--;
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (this.remaining <= 0) {
			return -1;
		}
		int n = super.read(buffer, offset, (int) Math.min(length, this.remaining));
		if (n > 0) {
			this.remaining -= n;
		}
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		long skipped = super.skip(Math.min(n, this.remaining));
		this.remaining -= skipped;
		return skipped;
	}

	@Override
	public int available() throws IOException {
		return (int) Math.min(super.available(), this.remaining);
	}

	@Override
	public boolean markSupported() {
		return false;
	}

}
