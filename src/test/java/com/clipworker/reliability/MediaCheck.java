package com.clipworker.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a media file's duration with the real ffprobe, to tell a whole file from a cut
 * one.
 */
final class MediaCheck {

	private MediaCheck() {
	}

	static double durationSeconds(Path file) throws IOException {
		Process process = new ProcessBuilder(List.of("ffprobe", "-v", "error", "-show_entries", "format=duration",
				"-of", "default=noprint_wrappers=1:nokey=1", file.toString()))
			.redirectErrorStream(true)
			.start();
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("ffprobe did not finish");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (process.exitValue() != 0) {
			throw new AssertionError("ffprobe refused " + file + ": " + output);
		}
		return Double.parseDouble(output);
	}

}
