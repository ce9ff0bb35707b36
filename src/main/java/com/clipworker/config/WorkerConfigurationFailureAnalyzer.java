package com.clipworker.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a refused start as its one-line reason and the fix, without a stack trace. */
class WorkerConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<WorkerConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WorkerConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set the variables named above (see docs/configuration.md), or run with WORKER_MODE=local.", cause);
	}

}
