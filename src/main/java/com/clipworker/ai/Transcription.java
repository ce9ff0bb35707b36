package com.clipworker.ai;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the jobs layer calls to transcribe: the configured {@link Transcriber} (if any key
 * is set) behind the {@link AiResultCache}. Without a transcriber, transcripts come from
 * subtitles only ({@link SubtitleParser}) and {@link #available()} says so.
 */
public final class Transcription {

	/**
	 * What the row says when a video has no transcript source at all: no subtitle stream,
	 * no sidecar and no speech-to-text key.
	 */
	public static final String NO_SOURCE = "No transcript: the video has no subtitle stream, no captions file was "
			+ "uploaded and no speech-to-text key (GROQ_API_KEY or OPENAI_API_KEY) is set; clips come from the "
			+ "video's signals alone and exports carry no captions";

	private static final Logger logger = LoggerFactory.getLogger(Transcription.class);

	private final @Nullable Transcriber transcriber;

	private final AiResultCache cache;

	private final JsonMapper json;

	public Transcription(@Nullable Transcriber transcriber, AiResultCache cache, JsonMapper json) {
		this.transcriber = transcriber;
		this.cache = cache;
		this.json = json;
	}

	/** Whether a speech-to-text provider is configured. */
	public boolean available() {
		return this.transcriber != null;
	}

	/** The provider's name, or {@code none}. */
	public String provider() {
		return (this.transcriber != null) ? this.transcriber.provider() : "none";
	}

	/** The configured transcriber, when a key is set. */
	public Optional<Transcriber> transcriber() {
		return Optional.ofNullable(this.transcriber);
	}

	/**
	 * Transcribes one chunk, or returns the cached answer for the same video, audio,
	 * provider and model.
	 * @param videoId the video, part of the cache key
	 * @param chunk the chunk
	 * @return the chunk with its transcript in whole-audio times
	 * @throws IllegalStateException when no provider is configured (check
	 * {@link #available()})
	 * @throws AiException when the provider fails
	 */
	public TranscribedChunk transcribe(String videoId, AudioChunk chunk) {
		Transcriber active = this.transcriber;
		if (active == null) {
			throw new IllegalStateException("No speech-to-text provider is configured (set GROQ_API_KEY or "
					+ "OPENAI_API_KEY); use subtitles instead");
		}
		String sha256 = (chunk.sha256() != null) ? chunk.sha256() : CacheKeys.fileSha256(chunk);
		String key = CacheKeys.transcription(videoId, sha256, active.provider(), active.model());
		Optional<Transcript> cached = this.cache.get(key).flatMap(this::readCached);
		if (cached.isPresent()) {
			logger.debug("Reusing the cached transcription of chunk at {} ms", chunk.startMs());
			return new TranscribedChunk(chunk, cached.get());
		}
		Transcript transcript = active.transcribe(chunk);
		this.cache.put(key, "transcription", active.provider(), active.model(),
				this.json.writeValueAsString(transcript));
		return new TranscribedChunk(chunk, transcript);
	}

	private Optional<Transcript> readCached(String value) {
		try {
			return Optional.of(this.json.readValue(value, Transcript.class));
		}
		catch (JacksonException ex) {
			logger.warn("Ignoring an unreadable cached transcription: {}", ex.getOriginalMessage());
			return Optional.empty();
		}
	}

}
