package com.clipworker.config;

/**
 * The environment does not let the worker start in its mode. The message names every
 * variable at fault.
 */
public class WorkerConfigurationException extends RuntimeException {

	public WorkerConfigurationException(String message) {
		super(message);
	}

}
