package com.clipworker.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Sent by generate-clips when the clips of a generation are saved and their previews
 * rendered.
 *
 * @param videoId the video row
 * @param ownerId the owning user
 * @param generation the generation the clips belong to
 * @param clipIds the clip rows, best first
 */
public record ClipsGenerated(
		@Field(kind = FieldKind.UUID, description = "The video the clips were cut from.") String videoId,
		@Field(kind = FieldKind.UUID, description = "The user who owns the video.") String ownerId,
		@Field(kind = FieldKind.GENERATION, description = "The generation the clips belong to.") int generation,
		@Field(kind = FieldKind.UUID_LIST, description = "The clip rows, best first.") List<String> clipIds)
		implements
			Event {

	public ClipsGenerated {
		// A copy that tolerates null entries, so validation can name them.
		clipIds = (clipIds != null) ? Collections.unmodifiableList(new ArrayList<>(clipIds)) : null;
	}

	/** The Inngest event name. */
	public static final String NAME = "clips/generated";

	@Override
	public String eventName() {
		return NAME;
	}

}
