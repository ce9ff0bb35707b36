package com.clipworker.events;

/**
 * One event of the contract: its name, payload record, who sends it, and the event id the
 * sender gives it so Inngest de-duplicates a resend within 24 hours.
 *
 * @param name the Inngest event name
 * @param payload the record of its data
 * @param sender who sends it
 * @param idTemplate the event id, with {@code {field}} placeholders naming payload fields
 * (or, for reprocess, the generation the web app read before asking)
 * @param effect what the event starts, or that the worker does not listen to it
 */
public record EventDefinition(String name, Class<? extends Event> payload, Sender sender, String idTemplate,
		String effect) {

	/** Who sends an event. */
	public enum Sender {

		/** The Next.js app, with its Inngest client. */
		WEB_APP,

		/** This worker, with {@code step.sendEvent}. */
		WORKER

	}

}
