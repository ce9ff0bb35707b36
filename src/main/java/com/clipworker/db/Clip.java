package com.clipworker.db;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code clips}. The id is derived by the jobs from the video id, generation and
 * index, so a re-run upserts the same rows.
 *
 * @param id the clip's id
 * @param videoId the video's id
 * @param generation the video generation it was picked from
 * @param index its position among the generation's clips, from 0
 * @param startMs start in the video, milliseconds
 * @param endMs end in the video, milliseconds, after {@code startMs}
 * @param title a short title
 * @param hook the opening line that draws viewers in, or {@code null}
 * @param score how promising it is, 0–100
 * @param reason why it was picked, or {@code null}
 * @param previewKey the rendered preview's object key, or {@code null} before rendering
 * @param posterKey the preview poster's object key, or {@code null}
 */
public record Clip(UUID id, UUID videoId, int generation, int index, long startMs, long endMs, String title,
		@Nullable String hook, int score, @Nullable String reason, @Nullable String previewKey,
		@Nullable String posterKey) {

	public Clip {
		if (startMs < 0 || endMs <= startMs) {
			throw new IllegalArgumentException("a clip needs 0 <= start < end, not " + startMs + ".." + endMs);
		}
		if (score < 0 || score > 100) {
			throw new IllegalArgumentException("score must be 0–100, not " + score);
		}
		if (index < 0) {
			throw new IllegalArgumentException("index must not be negative");
		}
	}

}
