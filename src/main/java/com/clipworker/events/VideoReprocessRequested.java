package com.clipworker.events;

/**
 * Sent by the web app to process a finished or failed video again, as a new generation;
 * starts process-video.
 *
 * @param videoId the video row
 * @param ownerId the owning user
 */
public record VideoReprocessRequested(
		@Field(kind = FieldKind.UUID, description = "The video to process again.") String videoId,
		@Field(kind = FieldKind.UUID, description = "The user who owns the video.") String ownerId) implements Event {

	/** The Inngest event name. */
	public static final String NAME = "video/reprocess.requested";

	@Override
	public String eventName() {
		return NAME;
	}

}
