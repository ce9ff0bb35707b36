package com.clipworker.ai;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A picker's answer after validation.
 *
 * @param clips the clips, best first, non-overlapping and within the duration bounds
 * @param provider who picked them ({@code gemini}, {@code groq}, {@code openai},
 * {@code heuristic})
 * @param model the model, or {@code heuristic}
 * @param warning why the answer is not the provider's (the LLM answered malformed twice
 * and the heuristic stood in), for the row; {@code null} when there is nothing to say
 */
public record PickResult(List<ClipCandidate> clips, String provider, String model, @Nullable String warning) {

	public PickResult {
		clips = List.copyOf(clips);
	}

}
