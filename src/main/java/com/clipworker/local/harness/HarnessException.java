package com.clipworker.local.harness;

/**
 * The harness could not do what it was asked (a run did not end in time, a sync failed).
 */
public class HarnessException extends RuntimeException {

	public HarnessException(String message) {
		super(message);
	}

}
