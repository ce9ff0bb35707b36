package com.clipworker.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Recognises a full disk and describes the free space of a directory, so that every
 * writer reports a full disk the same way: as such (retriable, naming the directory and
 * its free bytes) rather than as a generic I/O failure.
 */
public final class DiskSpace {

	/**
	 * What the kernel's ENOSPC and EDQUOT read as, in Java messages and in ffmpeg's
	 * stderr.
	 */
	private static final List<String> FULL = List.of("No space left on device", "Disk quota exceeded");

	private DiskSpace() {
	}

	/**
	 * Whether a line of text (an exception message, a line of a program's stderr) reports
	 * a full disk.
	 * @param text the text, may be null
	 * @return whether it names ENOSPC or EDQUOT
	 */
	public static boolean saysFull(@org.jspecify.annotations.Nullable String text) {
		return text != null && FULL.stream().anyMatch(text::contains);
	}

	/**
	 * Whether a failure was the file system running out of space.
	 * @param failure what a write threw
	 * @return whether an {@link IOException} among its causes says the disk is full
	 */
	public static boolean isFull(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException && saysFull(cause.getMessage())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Free bytes of the file system under a directory.
	 * @param directory the directory (or a file in it)
	 * @return usable bytes, or -1 when they cannot be read
	 */
	public static long usableBytes(Path directory) {
		try {
			return Files.getFileStore(directory).getUsableSpace();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * The free space under a directory, for a message.
	 * @param directory the directory (or a file in it)
	 * @return e.g. {@code 4096 bytes free}, or {@code free space unknown}
	 */
	public static String describeFree(Path directory) {
		long free = usableBytes(directory);
		return (free < 0) ? "free space unknown" : free + " bytes free";
	}

}
