package com.clipworker.events;

/**
 * A field of an event payload is missing or malformed. The message names the event and
 * the field, never the offending value (it may be huge or hostile).
 */
public class InvalidEventException extends EventException {

	private final String event;

	private final String field;

	public InvalidEventException(String event, String field, String problem) {
		super(event + ": " + field + " " + problem);
		this.event = event;
		this.field = field;
	}

	public String event() {
		return this.event;
	}

	public String field() {
		return this.field;
	}

}
