package com.clipworker.ai;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * The chunk is over the provider's upload limit (HTTP 413, or caught before sending).
 * Sending the same chunk again cannot work: the caller cuts the audio into smaller chunks
 * and transcribes those.
 */
public class AudioTooLargeException extends AiException {

	private final long sizeBytes;

	/**
	 * Creates the exception.
	 * @param provider the provider
	 * @param chunk the chunk that is too large
	 * @param sizeBytes its size
	 * @param limit the configured limit it is over, or {@code null} when the provider
	 * refused it (HTTP 413)
	 */
	public AudioTooLargeException(String provider, AudioChunk chunk, long sizeBytes, @Nullable DataSize limit) {
		super(provider + " cannot take the audio chunk at " + chunk.startMs() + " ms (" + sizeBytes + " bytes, "
				+ ((limit != null) ? "over the upload limit of " + limit.toBytes() + " bytes" : "refused as too large")
				+ "): re-chunk smaller and retry", false, null, null);
		this.sizeBytes = sizeBytes;
	}

	public long sizeBytes() {
		return this.sizeBytes;
	}

}
