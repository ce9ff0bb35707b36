package com.clipworker.media;

/** Receives the progress of one operation as a fraction from 0 to 1. */
@FunctionalInterface
public interface ProgressListener {

	ProgressListener NONE = (fraction) -> {
	};

	void progress(double fraction);

}
