package com.clipworker.events;

/**
 * Sent by the web app after it inserted an export row (clip, preset, caption style);
 * starts clip-export.
 *
 * @param exportId the export row
 * @param ownerId the owning user
 */
public record ClipExportRequested(
		@Field(kind = FieldKind.UUID, description = "The export row to render.") String exportId,
		@Field(kind = FieldKind.UUID, description = "The user who owns the export.") String ownerId) implements Event {

	/** The Inngest event name. */
	public static final String NAME = "clip/export.requested";

	@Override
	public String eventName() {
		return NAME;
	}

}
