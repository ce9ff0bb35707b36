package com.clipworker.jobs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the worker's endpoint logged about failed steps ("Step render of
 * clipworker-clip-export attempt 0 failed: ..."), the one place a test sees the message a
 * step failed with. Attach it after the worker has started: its logging set-up replaces
 * the appenders.
 */
final class StepFailureLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private static final String STEP_LOGGER = "com.clipworker.inngest.Execution";

	private final List<String> messages = new CopyOnWriteArrayList<>();

	private StepFailureLog() {
	}

	static StepFailureLog attach() {
		StepFailureLog log = new StepFailureLog();
		log.start();
		((Logger) LoggerFactory.getLogger(STEP_LOGGER)).addAppender(log);
		return log;
	}

	@Override
	protected void append(ILoggingEvent event) {
		this.messages.add(event.getFormattedMessage());
	}

	/** The message of the last failure of a step. */
	String last(String stepId) {
		List<String> failures = this.messages.stream()
			.filter((message) -> message.startsWith("Step " + stepId + " of "))
			.toList();
		assertThat(failures).as("failures of step %s", stepId).isNotEmpty();
		return failures.get(failures.size() - 1);
	}

	@Override
	public void close() {
		((Logger) LoggerFactory.getLogger(STEP_LOGGER)).detachAppender(this);
		stop();
	}

}
