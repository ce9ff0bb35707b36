package com.clipworker.ai;

/**
 * Speech to text for one chunk of audio. Calls a paid API: the caller goes through
 * {@link Transcription}, which caches answers so a redelivered step does not pay twice.
 */
public interface Transcriber {

	/** The provider's name ({@code groq}, {@code openai}), part of the cache key. */
	String provider();

	/** The model, part of the cache key. */
	String model();

	/**
	 * Transcribes one chunk.
	 * @param chunk the chunk
	 * @return its transcript, times already shifted by {@link AudioChunk#startMs()}
	 * @throws AudioTooLargeException when the chunk is over the upload limit
	 * @throws AiException on any other failure, saying whether it is retriable
	 */
	Transcript transcribe(AudioChunk chunk);

}
