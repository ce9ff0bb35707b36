package com.clipworker.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the dependency checks in the background and keeps their last results, so that
 * {@code /api/health} answers from memory in microseconds and never waits on a slow
 * dependency. A check that has not answered yet counts as down; one that was up counts as
 * down only after {@code failures-before-down} failed rounds in a row, so that one slow
 * answer on a starved machine does not flap it. Reasons go to the log (on each change)
 * and to the {@code clipworker.health.dependency} gauge, never to the health body.
 */
public class HealthMonitor implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(HealthMonitor.class);

	private final List<DependencyCheck> checks;

	private final HealthProperties properties;

	private final Map<String, Boolean> results = new ConcurrentHashMap<>();

	private final Map<String, Integer> failures = new ConcurrentHashMap<>();

	private final Map<String, Future<?>> running = new ConcurrentHashMap<>();

	private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("health-monitor").daemon().factory());

	private volatile boolean started;

	public HealthMonitor(List<DependencyCheck> checks, HealthProperties properties, MeterRegistry meterRegistry) {
		this.checks = List.copyOf(checks);
		this.properties = properties;
		for (DependencyCheck check : this.checks) {
			Gauge.builder("clipworker.health.dependency", () -> isUp(check.name()) ? 1 : 0)
				.tag("name", check.name())
				.description("1 when the dependency's last check passed")
				.register(meterRegistry);
		}
	}

	/** The current health, from the last completed checks. */
	public Health health() {
		Map<String, String> states = new LinkedHashMap<>();
		boolean essentialDown = false;
		boolean optionalDown = false;
		for (DependencyCheck check : this.checks) {
			boolean up = isUp(check.name());
			states.put(check.name(), up ? "ok" : "down");
			essentialDown |= !up && check.essential();
			optionalDown |= !up && !check.essential();
		}
		Status status = essentialDown ? Status.DOWN : optionalDown ? Status.DEGRADED : Status.OK;
		return new Health(status, states);
	}

	private boolean isUp(String name) {
		return Boolean.TRUE.equals(this.results.get(name));
	}

	/**
	 * Runs every check once and waits for the round to finish (each check bounded by the
	 * timeout). Each result is recorded as soon as its own check answers, so a slow check
	 * (Chromium's start-up script) never holds back the others: at start-up the first 200
	 * comes when the essential checks have passed.
	 */
	public void checkNow() {
		List<Runnable> waits = this.checks.stream().map(this::launch).toList();
		List<Future<?>> recorded = waits.stream().<Future<?>>map(this.probes::submit).toList();
		for (Future<?> record : recorded) {
			try {
				record.get();
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Recording a health check failed", ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private Runnable launch(DependencyCheck check) {
		Future<?> previous = this.running.get(check.name());
		if (previous != null && !previous.isDone()) {
			record(check, false, "previous check still running");
			return () -> {
			};
		}
		Future<?> future = this.probes.submit(check.probe());
		this.running.put(check.name(), future);
		return () -> await(check, future);
	}

	private void await(DependencyCheck check, Future<?> future) {
		Duration timeout = this.properties.timeout();
		try {
			future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			record(check, true, null);
		}
		catch (TimeoutException ex) {
			record(check, false, "no answer within " + timeout);
		}
		catch (ExecutionException ex) {
			record(check, false, String.valueOf(ex.getCause()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void record(DependencyCheck check, boolean passed, String reason) {
		int failures = passed ? 0 : this.failures.merge(check.name(), 1, Integer::sum);
		if (passed) {
			this.failures.remove(check.name());
		}
		Boolean before = this.results.get(check.name());
		int threshold = this.properties.failuresBeforeDown();
		if (!passed && Boolean.TRUE.equals(before) && failures < threshold) {
			logger.info("Dependency {} failed a check ({} of {} in a row before it counts as down): {}", check.name(),
					failures, threshold, reason);
			return;
		}
		this.results.put(check.name(), passed);
		if (before == null || before != passed) {
			if (passed) {
				logger.info("Dependency {} is up", check.name());
			}
			else {
				logger.warn("Dependency {} is down: {}", check.name(), reason);
			}
		}
	}

	@Override
	public void start() {
		long interval = this.properties.interval().toMillis();
		this.scheduler.scheduleWithFixedDelay(this::checkSafely, 0, interval, TimeUnit.MILLISECONDS);
		this.started = true;
	}

	private void checkSafely() {
		try {
			checkNow();
		}
		catch (RuntimeException ex) {
			logger.error("Health round failed", ex);
		}
	}

	@Override
	public void stop() {
		this.scheduler.shutdownNow();
		this.probes.shutdownNow();
		this.started = false;
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	/** What the worker can do now. */
	public enum Status {

		/** Everything works. */
		OK,
		/** Only an optional dependency is down: some jobs fail, the rest run. */
		DEGRADED,
		/** An essential dependency is down: the worker can do nothing. */
		DOWN

	}

	/**
	 * A snapshot of the checks.
	 *
	 * @param status the overall status
	 * @param checks each check's name and {@code ok} or {@code down}, in registration
	 * order
	 */
	public record Health(Status status, Map<String, String> checks) {
	}

}
