package com.clipworker.events;

/**
 * The data of one Inngest event of the contract. Implementations are records whose
 * components carry {@link Field}.
 */
public sealed interface Event permits VideoUploaded, VideoReprocessRequested, VideoProcessed, ClipExportRequested,
		VideoDeleted, ClipsGenerated, ClipExported {

	/** The Inngest event name, e.g. {@code video/uploaded}. */
	String eventName();

	/**
	 * Checks every field against its {@link FieldKind}.
	 * @throws InvalidEventException naming the first bad field
	 */
	default void validate() {
		EventValidation.validate(this);
	}

}
