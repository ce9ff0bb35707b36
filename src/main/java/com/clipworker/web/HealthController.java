package com.clipworker.web;

import java.util.Locale;
import java.util.Map;

import com.clipworker.config.WorkerProperties;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/health}: for Railway's deploy-time check, ops and the web app's
 * aggregated health route. The body names each dependency with {@code ok} or {@code down}
 * only: no hosts, versions or reasons.
 */
@RestController
class HealthController {

	private final HealthMonitor monitor;

	private final String version;

	HealthController(HealthMonitor monitor, WorkerProperties worker) {
		this.monitor = monitor;
		this.version = worker.version();
	}

	@GetMapping("/api/health")
	ResponseEntity<HealthBody> health() {
		HealthMonitor.Health health = this.monitor.health();
		HttpStatus status = (health.status() == HealthMonitor.Status.DOWN) ? HttpStatus.SERVICE_UNAVAILABLE
				: HttpStatus.OK;
		HealthBody body = new HealthBody(health.status().name().toLowerCase(Locale.ROOT), "worker", this.version,
				health.checks());
		return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(body);
	}

	/**
	 * The health body.
	 *
	 * @param status {@code ok}, {@code degraded} or {@code down}
	 * @param service always {@code worker}
	 * @param version the first seven characters of the deployed commit, or {@code local}
	 * @param checks each dependency and {@code ok} or {@code down}
	 */
	record HealthBody(String status, String service, String version, Map<String, String> checks) {
	}

}
