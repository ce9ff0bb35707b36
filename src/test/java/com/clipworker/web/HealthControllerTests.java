package com.clipworker.web;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import com.clipworker.config.WorkerMode;
import com.clipworker.config.WorkerProperties;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class HealthControllerTests {

	private static ResponseEntity<HealthController.HealthBody> health(DependencyCheck... checks) {
		HealthMonitor monitor = new HealthMonitor(List.of(checks),
				new HealthProperties(Duration.ofMinutes(1), Duration.ofSeconds(1), 2), new SimpleMeterRegistry());
		monitor.checkNow();
		return new HealthController(monitor, new WorkerProperties(WorkerMode.LOCAL, null, Path.of("data"))).health();
	}

	private static DependencyCheck down(String name, boolean essential) {
		return new DependencyCheck(name, essential, () -> {
			throw new IllegalStateException("db.internal refused");
		});
	}

	@Test
	void essentialDependencyDownIsServiceUnavailable() {
		ResponseEntity<HealthController.HealthBody> response = health(down("database", true),
				DependencyCheck.essential("objectStore", () -> 1), DependencyCheck.essential("ffmpeg", () -> 1),
				DependencyCheck.optional("chromium", () -> 1));
		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getBody().status()).isEqualTo("down");
		assertThat(response.getBody().checks()).containsEntry("database", "down").containsEntry("objectStore", "ok");
	}

	@Test
	void onlyChromiumDownIsDegradedWithOk() {
		ResponseEntity<HealthController.HealthBody> response = health(DependencyCheck.essential("ffmpeg", () -> 1),
				down("chromium", false));
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat(response.getBody().status()).isEqualTo("degraded");
	}

	@Test
	void allUpIsOkAndVersionIsLocalWithoutACommit() {
		ResponseEntity<HealthController.HealthBody> response = health(DependencyCheck.essential("ffmpeg", () -> 1));
		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat(response.getBody())
			.isEqualTo(new HealthController.HealthBody("ok", "worker", "local", java.util.Map.of("ffmpeg", "ok")));
	}

	@Test
	void bodyNeverCarriesTheReason() {
		ResponseEntity<HealthController.HealthBody> response = health(down("database", true));
		assertThat(response.getBody().toString()).doesNotContain("db.internal");
	}

}
