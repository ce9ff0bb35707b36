package com.clipworker.events;

/**
 * Sent by clip-export when the final video is uploaded.
 *
 * @param exportId the export row
 * @param clipId the exported clip
 * @param ownerId the owning user
 * @param outputKey the object key of the final video
 */
public record ClipExported(@Field(kind = FieldKind.UUID, description = "The export row that is done.") String exportId,
		@Field(kind = FieldKind.UUID, description = "The clip that was exported.") String clipId,
		@Field(kind = FieldKind.UUID, description = "The user who owns the export.") String ownerId,
		@Field(kind = FieldKind.OBJECT_KEY,
				description = "The object key of the final video, exports/{exportId}/final.mp4.") String outputKey)
		implements
			Event {

	/** The Inngest event name. */
	public static final String NAME = "clip/exported";

	@Override
	public String eventName() {
		return NAME;
	}

}
