package com.clipworker.download;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;

/**
 * The input streams that frame and time an answer: a deadline over the raw socket, then a
 * fixed-length or chunked body on top. None of them trusts the server to stop.
 */
final class BodyStreams {

	private BodyStreams() {
	}

	/** The whole download ran past its total timeout. */
	static final class DeadlineExceededException extends IOException {

		DeadlineExceededException() {
			super("total timeout exceeded");
		}

	}

	/**
	 * Reads from a socket with a per-read timeout that never extends past an absolute
	 * deadline, so a server that dribbles one byte a second is cut off on time.
	 */
	static final class DeadlineInputStream extends InputStream {

		private final Socket socket;

		private final InputStream in;

		private final long deadlineNanos;

		private final int readTimeoutMillis;

		DeadlineInputStream(Socket socket, long deadlineNanos, int readTimeoutMillis) throws IOException {
			this.socket = socket;
			this.in = socket.getInputStream();
			this.deadlineNanos = deadlineNanos;
			this.readTimeoutMillis = readTimeoutMillis;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n == -1) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			long remainingMillis = (this.deadlineNanos - System.nanoTime()) / 1_000_000;
			if (remainingMillis <= 0) {
				throw new DeadlineExceededException();
			}
			// When the time left is the shorter wait, a timeout is the deadline's, even
			// if the
			// socket gave up a fraction of a millisecond before it (the wait is whole
			// milliseconds).
			boolean deadlineBound = remainingMillis < this.readTimeoutMillis;
			this.socket.setSoTimeout((int) Math.max(1, Math.min(this.readTimeoutMillis, remainingMillis)));
			try {
				return this.in.read(buffer, offset, length);
			}
			catch (SocketTimeoutException ex) {
				if (deadlineBound || System.nanoTime() - this.deadlineNanos >= 0) {
					throw new DeadlineExceededException();
				}
				throw ex;
			}
		}

	}

	/** Exactly {@code length} bytes; an earlier end is an error. */
	static final class FixedLengthInputStream extends InputStream {

		private final InputStream in;

		private final long length;

		private long remaining;

		FixedLengthInputStream(InputStream in, long length) {
			this.in = in;
			this.length = length;
			this.remaining = length;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n == -1) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int count) throws IOException {
			if (this.remaining == 0) {
				return -1;
			}
			int n = this.in.read(buffer, offset, (int) Math.min(count, this.remaining));
			if (n == -1) {
				throw new EOFException("body ended after " + (this.length - this.remaining) + " of " + this.length
						+ " announced bytes");
			}
			this.remaining -= n;
			return n;
		}

	}

	/** A {@code Transfer-Encoding: chunked} body, trailers discarded. */
	static final class ChunkedInputStream extends InputStream {

		private final InputStream in;

		private long chunkRemaining;

		private boolean done;

		ChunkedInputStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n = read(one, 0, 1);
			return (n == -1) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int count) throws IOException {
			if (this.done) {
				return -1;
			}
			if (this.chunkRemaining == 0) {
				this.chunkRemaining = nextChunkSize();
				if (this.chunkRemaining == 0) {
					skipTrailers();
					this.done = true;
					return -1;
				}
			}
			int n = this.in.read(buffer, offset, (int) Math.min(count, this.chunkRemaining));
			if (n == -1) {
				throw new EOFException("chunked body ended inside a chunk");
			}
			this.chunkRemaining -= n;
			if (this.chunkRemaining == 0) {
				String end = HttpResponseHead.readLine(this.in, 2);
				if (!end.isEmpty()) {
					throw new HttpResponseHead.MalformedResponseException("chunk not followed by CRLF");
				}
			}
			return n;
		}

		private long nextChunkSize() throws IOException {
			String line = HttpResponseHead.readLine(this.in, 1024);
			int semicolon = line.indexOf(';');
			String size = ((semicolon >= 0) ? line.substring(0, semicolon) : line).trim();
			if (size.isEmpty() || size.length() > 15) {
				throw new HttpResponseHead.MalformedResponseException("malformed chunk size");
			}
			for (int i = 0; i < size.length(); i++) {
				if (Character.digit(size.charAt(i), 16) < 0) {
					throw new HttpResponseHead.MalformedResponseException("malformed chunk size");
				}
			}
			return HexFormat.fromHexDigitsToLong(size);
		}

		private void skipTrailers() throws IOException {
			int budget = HttpResponseHead.MAX_HEAD_BYTES;
			while (true) {
				String line = HttpResponseHead.readLine(this.in, budget);
				budget -= line.length() + 2;
				if (line.isEmpty()) {
					return;
				}
			}
		}

	}

}
