package com.clipworker.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthMonitorTests {

	private static final HealthProperties FAST = new HealthProperties(Duration.ofMinutes(1), Duration.ofMillis(200));

	private static HealthMonitor monitor(DependencyCheck... checks) {
		return new HealthMonitor(List.of(checks), FAST, new SimpleMeterRegistry());
	}

	private static DependencyCheck failing(String name, boolean essential) {
		return new DependencyCheck(name, essential, () -> {
			throw new IllegalStateException("connection refused to db.internal:5432");
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
		HealthMonitor monitor = monitor(DependencyCheck.essential("database", () -> {
			if (broken.get()) {
				throw new IllegalStateException("down");
			}
			return 1;
		}));
		monitor.checkNow();
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.DOWN);
		broken.set(false);
		monitor.checkNow();
		assertThat(monitor.health().status()).isEqualTo(HealthMonitor.Status.OK);
	}

}
