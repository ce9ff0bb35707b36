package com.clipworker.db;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code videos}.
 *
 * @param id the video's id
 * @param ownerId the owning user's id
 * @param generation the current generation (1 at upload, incremented by a reprocess)
 * @param status processing status of the current generation
 * @param stage what is running now ({@code probe}, {@code transcode}, ...), or
 * {@code null}
 * @param progress percentage 0–100 of the current generation's processing
 * @param error why processing failed, or {@code null}
 * @param sourceKey the uploaded source's object key
 * @param captionsKey the optional sidecar subtitle file's key, or {@code null}
 * @param media keys of what processing made
 * @param probe what probing found, or {@code null} before the probe
 * @param transcriptSource where the transcript came from, or {@code null} before
 * transcription
 * @param transcriptNote why there is no transcript, or {@code null}
 * @param clipsStatus clip generation status of the current generation
 * @param clipsProgress percentage 0–100 of clip generation
 * @param clipsError why clip generation failed, or {@code null}
 * @param clipsNote what the reader of the clips should know (a fallback that was used),
 * or {@code null}
 * @param createdAt when the row was inserted
 * @param updatedAt when the row last changed
 */
public record Video(UUID id, UUID ownerId, int generation, VideoStatus status, @Nullable String stage, int progress,
		@Nullable String error, String sourceKey, @Nullable String captionsKey, VideoMedia media,
		@Nullable VideoProbe probe, @Nullable TranscriptSource transcriptSource, @Nullable String transcriptNote,
		ClipsStatus clipsStatus, int clipsProgress, @Nullable String clipsError, @Nullable String clipsNote,
		Instant createdAt, Instant updatedAt) {
}
