package com.clipworker.ai;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * One piece of a video's audio, sent to a speech-to-text API on its own.
 *
 * @param file the audio file (FLAC, Opus, MP3, WAV...), at most the provider's upload
 * limit
 * @param startMs where the chunk starts in the whole audio; every time in its transcript
 * is shifted by it
 * @param durationMs the chunk's length
 * @param sha256 hex SHA-256 of the file when the caller already knows it (it is part of
 * the cache key), else {@code null} and it is computed
 */
public record AudioChunk(Path file, long startMs, long durationMs, @Nullable String sha256) {

	public AudioChunk {
		if (startMs < 0 || durationMs <= 0) {
			throw new IllegalArgumentException(
					"Audio chunk needs startMs >= 0 and durationMs > 0, got " + startMs + " and " + durationMs);
		}
	}

	public long endMs() {
		return this.startMs + this.durationMs;
	}

}
