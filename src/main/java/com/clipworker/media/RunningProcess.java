package com.clipworker.media;

/**
 * A long-lived process started by {@link ProcessRunner#start} (the warm Chromium).
 * Closing it kills its whole tree; the runner also kills it on shutdown.
 */
public interface RunningProcess extends AutoCloseable {

	long pid();

	boolean isAlive();

	/** The last lines of its stderr. */
	String stderrTail();

	@Override
	void close();

}
