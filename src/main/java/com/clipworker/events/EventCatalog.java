package com.clipworker.events;

import java.util.List;

import com.clipworker.events.EventDefinition.Sender;

/** Every event of the contract, in the order the documentation lists them. */
public final class EventCatalog {

	/** The events, web app's first. */
	public static final List<EventDefinition> EVENTS = List.of(
			new EventDefinition(VideoUploaded.NAME, VideoUploaded.class, Sender.WEB_APP, "video-uploaded-{videoId}",
					"starts process-video"),
			new EventDefinition(VideoReprocessRequested.NAME, VideoReprocessRequested.class, Sender.WEB_APP,
					"video-reprocess-{videoId}-{generation}", "starts process-video for a new generation"),
			new EventDefinition(ClipExportRequested.NAME, ClipExportRequested.class, Sender.WEB_APP,
					"clip-export-{exportId}", "starts clip-export"),
			new EventDefinition(VideoDeleted.NAME, VideoDeleted.class, Sender.WEB_APP, "video-deleted-{videoId}",
					"starts delete-video and cancels the video's other runs"),
			new EventDefinition(VideoProcessed.NAME, VideoProcessed.class, Sender.WORKER,
					"video-processed-{videoId}-{generation}", "starts generate-clips"),
			new EventDefinition(ClipsGenerated.NAME, ClipsGenerated.class, Sender.WORKER,
					"clips-generated-{videoId}-{generation}",
					"the worker does not listen; the web app may tell the user"),
			new EventDefinition(ClipExported.NAME, ClipExported.class, Sender.WORKER, "clip-exported-{exportId}",
					"the worker does not listen; the web app may offer the download"));

	private EventCatalog() {
	}

	/**
	 * The definition of an event name.
	 * @param name an Inngest event name
	 * @return the definition
	 * @throws UnknownIdentifierException when the contract has no such event
	 */
	public static EventDefinition byName(String name) {
		return EVENTS.stream()
			.filter((event) -> event.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new UnknownIdentifierException("event", name,
					EVENTS.stream().map(EventDefinition::name).toList()));
	}

}
