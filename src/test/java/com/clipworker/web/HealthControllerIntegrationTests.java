package com.clipworker.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health endpoint through a real port: exact body, status codes, and many concurrent
 * callers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "clipworker.mode=local", "clipworker.commit-sha=0123456789abcdef", "management.server.port=0",
				"clipworker.health.interval=1h", "clipworker.data-dir=target/health-test-data",
				"clipworker.media.health.enabled=false" })
class HealthControllerIntegrationTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	HealthMonitor monitor;

	private final HttpClient client = HttpClient.newHttpClient();

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void answersWithTheExactShape() throws Exception {
		this.monitor.checkNow();
		HttpResponse<String> response = get("/api/health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).isEqualTo("{\"status\":\"degraded\",\"service\":\"worker\",\"version\":\"0123456\","
				+ "\"checks\":{\"database\":\"ok\",\"objectStore\":\"ok\",\"chromium\":\"down\"}}");
	}

	@Test
	void answersTwoHundredConcurrentCallersCorrectly() throws Exception {
		this.monitor.checkNow();
		try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
			List<Future<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				responses.add(pool.submit(() -> get("/api/health")));
			}
			for (Future<HttpResponse<String>> response : responses) {
				assertThat(response.get().statusCode()).isEqualTo(200);
				assertThat(response.get().body()).contains("\"status\":\"degraded\"")
					.contains("\"version\":\"0123456\"");
			}
		}
	}

	@Test
	void actuatorIsNotOnThePublicPort() throws Exception {
		assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
		assertThat(get("/actuator/heapdump").statusCode()).isEqualTo(404);
	}

	@Test
	void metricsAreServedOnTheManagementPort() throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + "/actuator/prometheus"))
			.build();
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes").contains("clipworker_health_dependency");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Checks {

		@Bean
		DependencyCheck chromium() {
			return DependencyCheck.optional("chromium", () -> {
				throw new IllegalStateException("no chromium at /opt/secret-path");
			});
		}

	}

}
