package com.clipworker.db;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code transcripts}: one per video generation.
 *
 * @param videoId the video's id
 * @param generation the video generation it was made for
 * @param language the spoken language (BCP 47), or {@code null} when unknown
 * @param source where it came from (never {@link TranscriptSource#NONE})
 * @param provider the speech-to-text provider, or {@code null} for subtitles
 * @param model the provider's model, or {@code null}
 * @param segments the segments in time order
 * @param words the words in time order (empty when the source has no word times)
 */
public record Transcript(UUID videoId, int generation, @Nullable String language, TranscriptSource source,
		@Nullable String provider, @Nullable String model, List<TimedText> segments, List<TimedText> words) {

	public Transcript {
		if (source == TranscriptSource.NONE) {
			throw new IllegalArgumentException("a stored transcript needs a source other than none");
		}
		segments = List.copyOf(segments);
		words = List.copyOf(words);
	}

}
