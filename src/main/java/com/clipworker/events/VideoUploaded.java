package com.clipworker.events;

import org.jspecify.annotations.Nullable;

/**
 * Sent by the web app when an upload finished (the source is at
 * {@code videos/{videoId}/source}) or when the user imports a video from a URL; starts
 * process-video.
 *
 * @param videoId the video row
 * @param ownerId the owning user
 * @param sourceUrl a URL to import from, or {@code null} when the source was uploaded
 */
public record VideoUploaded(
		@Field(kind = FieldKind.UUID, description = "The video row the upload belongs to.") String videoId,
		@Field(kind = FieldKind.UUID, description = "The user who owns the video.") String ownerId,
		@Field(kind = FieldKind.HTTP_URL, optional = true,
				description = "An http(s) URL to import the video from instead of an uploaded source; fetched through the SSRF guard, never by ffmpeg.") @Nullable String sourceUrl)
		implements
			Event {

	/** The Inngest event name. */
	public static final String NAME = "video/uploaded";

	@Override
	public String eventName() {
		return NAME;
	}

}
