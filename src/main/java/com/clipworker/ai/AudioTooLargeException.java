package com.clipworker.ai;

/**
 * The chunk is over the provider's upload limit (HTTP 413, or caught before sending).
 * Sending the same chunk again cannot work: the caller cuts the audio into smaller chunks
 * and transcribes those.
 */
public class AudioTooLargeException extends AiException {

	private final long sizeBytes;

	public AudioTooLargeException(String provider, AudioChunk chunk, long sizeBytes, String limit) {
		super(provider + " refused audio chunk at " + chunk.startMs() + " ms (" + sizeBytes + " bytes, limit " + limit
				+ "): re-chunk smaller and retry", false, null, null);
		this.sizeBytes = sizeBytes;
	}

	public long sizeBytes() {
		return this.sizeBytes;
	}

}
