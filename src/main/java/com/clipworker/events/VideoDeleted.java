package com.clipworker.events;

/**
 * Sent by the web app when a video is deleted: cancels its runs and starts delete-video,
 * which removes its media and derived rows.
 *
 * @param videoId the video row
 * @param ownerId the owning user
 */
public record VideoDeleted(@Field(kind = FieldKind.UUID, description = "The deleted video.") String videoId,
		@Field(kind = FieldKind.UUID, description = "The user who owned the video.") String ownerId) implements Event {

	/** The Inngest event name. */
	public static final String NAME = "video/deleted";

	@Override
	public String eventName() {
		return NAME;
	}

}
