package com.clipworker.jobs;

/**
 * The input of a run cannot be worked on: a missing row, a row of another owner, an
 * unknown preset. Never retried; the message is what the row's error column shows.
 */
public class JobInputException extends RuntimeException {

	public JobInputException(String message) {
		super(message);
	}

}
