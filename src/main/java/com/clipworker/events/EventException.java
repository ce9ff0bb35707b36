package com.clipworker.events;

/**
 * An event or an id of the contract is not acceptable. The input will not get better by
 * retrying, so every subclass is non-retriable.
 */
public abstract class EventException extends RuntimeException {

	protected EventException(String message) {
		super(message);
	}

	/** Always {@code false}: bad input stays bad. */
	public boolean retriable() {
		return false;
	}

}
