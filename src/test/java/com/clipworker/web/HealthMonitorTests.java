package com.clipworker.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthMonitorTests {

	private static final HealthProperties FAST = new HealthProperties(Duration.ofMinutes(1), Duration.ofMillis(200), 2);

	private static HealthMonitor monitor(DependencyCheck... checks) {
		return new HealthMonitor(List.of(checks), FAST, new SimpleMeterRegistry());
	}

	private static DependencyCheck failing(String name, boolean essential) {
		return new DependencyCheck(name, essential, () -> {
			throw new IllegalStateException("connection refused to db.internal:5432");
		});
	}

	/** An essential check that fails while {@code broken} is set. */
	private static DependencyCheck switchable(String name, AtomicBoolean broken) {
		return DependencyCheck.essential(name, () -> {
			if (broken.get()) {
				throw new IllegalStateException(name + " does not answer");
			}
			return 1;
		});
	}

	@Test
	void allChecksPassingIsOk() {
		HealthMonitor monitor = monitor(DependencyCheck.essential("database", () -> 1),
				DependencyCheck.optional("chromium", () -> 1));
		monitor.checkNow();
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.OK);
		assertThat(monitor.health().checks()).containsExactly(java.util.Map.entry("database", "ok"),
				java.util.Map.entry("chromium", "ok"));
	}

	@Test
	void essentialCheckDownIsDown() {
		HealthMonitor monitor = monitor(failing("database", true), DependencyCheck.optional("chromium", () -> 1));
		monitor.checkNow();
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.DOWN);
		assertThat(monitor.health().checks()).containsEntry("database", "down").containsEntry("chromium", "ok");
	}

	@Test
	void onlyOptionalCheckDownIsDegraded() {
		HealthMonitor monitor = monitor(DependencyCheck.essential("ffmpeg", () -> 1), failing("chromium", false));
		monitor.checkNow();
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.DEGRADED);
	}

	@Test
	void checksThatHaveNotRunYetCountAsDown() {
		HealthMonitor monitor = monitor(DependencyCheck.essential("database", () -> 1));
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.DOWN);
	}

	@Test
	void aSlowCheckDoesNotHoldBackTheResultsOfTheOthers() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		HealthMonitor monitor = new HealthMonitor(List.of(DependencyCheck.optional("chromium", () -> {
			release.await();
			return 1;
		}), DependencyCheck.essential("database", () -> 1)),
				new HealthProperties(Duration.ofMinutes(1), Duration.ofSeconds(30), 2), new SimpleMeterRegistry());
		Thread round = Thread.ofVirtual().start(monitor::checkNow);
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!"ok".equals(monitor.health().checks().get("database")) && System.nanoTime() < deadline) {
			LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
		}
		assertThat(monitor.health().checks()).containsEntry("database", "ok").containsEntry("chromium", "down");
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.DEGRADED);
		assertThat(round.isAlive()).as("the round still waits for the slow check").isTrue();
		release.countDown();
		round.join(Duration.ofSeconds(10));
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.OK);
		monitor.stop();
	}

	@Test
	void aHangingCheckIsDownAfterTheTimeoutAndDoesNotPileUp() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean secondStarted = new AtomicBoolean();
		CountDownLatch firstStarted = new CountDownLatch(1);
		HealthMonitor monitor = monitor(DependencyCheck.essential("objectStore", () -> {
			if (firstStarted.getCount() == 0) {
				secondStarted.set(true);
			}
			firstStarted.countDown();
			release.await();
			return 1;
		}));
		long start = System.nanoTime();
		monitor.checkNow();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.DOWN);
		monitor.checkNow();
		assertThat(secondStarted).isFalse();
		release.countDown();
		monitor.stop();
	}

	@Test
	void aRecoveredCheckIsUpAgain() {
		AtomicBoolean broken = new AtomicBoolean(true);
		HealthMonitor monitor = monitor(switchable("database", broken));
		monitor.checkNow();
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.DOWN);
		broken.set(false);
		monitor.checkNow();
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.OK);
	}

	@Test
	void aCheckThatWasUpCountsAsDownOnlyAfterTwoFailedRoundsInARow() {
		AtomicBoolean broken = new AtomicBoolean();
		HealthMonitor monitor = monitor(switchable("ffmpeg", broken));
		monitor.checkNow();
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.OK);
		broken.set(true);
		monitor.checkNow();
		assertThat(monitor.health().status()).as("one failed round").isEqualTo(HealthMonitor.Status.OK);
		broken.set(false);
		monitor.checkNow();
		broken.set(true);
		monitor.checkNow();
		assertThat(monitor.health().status()).as("a pass in between starts the count again")
			.isEqualTo(HealthMonitor.Status.OK);
		monitor.checkNow();
		assertThat(monitor.health().status()).as("two failed rounds in a row").isEqualTo(HealthMonitor.Status.DOWN);
		assertThat(monitor.health().checks()).containsEntry("ffmpeg", "down");
	}

}
