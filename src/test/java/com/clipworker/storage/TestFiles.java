package com.clipworker.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Test files of a given size with reproducible content, and their digests. */
final class TestFiles {

	private TestFiles() {
	}

	/** Writes {@code size} pseudo-random bytes (seeded) to a file, streamed. */
	static Path write(Path file, long size, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		byte[] buffer = new byte[1 << 16];
		try (OutputStream out = Files.newOutputStream(file)) {
			long left = size;
			while (left > 0) {
				for (int i = 0; i < buffer.length; i += 8) {
					long value = random.nextLong();
					for (int b = 0; b < 8 && i + b < buffer.length; b++) {
						buffer[i + b] = (byte) (value >>> (b * 8));
					}
				}
				int n = (int) Math.min(buffer.length, left);
				out.write(buffer, 0, n);
				left -= n;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/** The SHA-256 of a file, streamed. */
	static String sha256(Path file) {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
