package com.clipworker.events;

/**
 * Sent by process-video when a generation is ready (proxy, audio, transcript, poster,
 * storyboard); starts generate-clips.
 *
 * @param videoId the video row
 * @param ownerId the owning user
 * @param generation the generation that is ready
 */
public record VideoProcessed(@Field(kind = FieldKind.UUID, description = "The processed video.") String videoId,
		@Field(kind = FieldKind.UUID, description = "The user who owns the video.") String ownerId,
		@Field(kind = FieldKind.GENERATION, description = "The generation that is ready.") int generation)
		implements
			Event {

	/** The Inngest event name. */
	public static final String NAME = "video/processed";

	@Override
	public String eventName() {
		return NAME;
	}

}
