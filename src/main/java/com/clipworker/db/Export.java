package com.clipworker.db;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code exports}, inserted by the web app when a user asks for an export.
 *
 * @param id the export's id
 * @param ownerId the owning user's id
 * @param clipId the clip to export
 * @param preset the output preset's id (aspect, size)
 * @param captionStyle the caption style's id
 * @param status where the export is
 * @param progress percentage 0–100
 * @param outputKey the rendered file's object key, or {@code null} until done
 * @param error why it failed, or {@code null}
 * @param createdAt when the row was inserted
 * @param updatedAt when the row last changed
 */
public record Export(UUID id, UUID ownerId, UUID clipId, String preset, String captionStyle, ExportStatus status,
		int progress, @Nullable String outputKey, @Nullable String error, Instant createdAt, Instant updatedAt) {
}
