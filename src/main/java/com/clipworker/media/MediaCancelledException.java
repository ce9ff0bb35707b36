package com.clipworker.media;

/**
 * The calling thread was interrupted (or the worker is shutting down); the process tree
 * was killed and its outputs deleted. The interrupt flag is restored before this is
 * thrown. Retriable.
 */
public class MediaCancelledException extends MediaException {

	public MediaCancelledException(String what) {
		super(what + " was cancelled");
	}

	@Override
	public boolean retriable() {
		return true;
	}

}
