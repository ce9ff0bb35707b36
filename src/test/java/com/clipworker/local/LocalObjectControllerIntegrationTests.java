package com.clipworker.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.clipworker.db.StepLease;
import com.clipworker.db.StepLeases;
import com.clipworker.db.VideoQueries;
import com.clipworker.storage.LocalDiskObjectStore;
import com.clipworker.storage.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local mode end to end: the embedded database migrated and reachable through the query
 * classes, the local-disk store, and its links served by the worker on its own port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "clipworker.mode=local", "management.server.port=0", "clipworker.health.interval=1h",
				"clipworker.data-dir=target/local-test-data",
				"clipworker.storage.local.public-url=http://127.0.0.1:0" })
class LocalObjectControllerIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ObjectStore store;

	@Autowired
	VideoQueries videos;

	@Autowired
	StepLeases leases;

	@TempDir
	Path temp;

	private final HttpClient client = HttpClient.newHttpClient();

	private URI onThisPort(URI link) {
		return URI.create(link.toString().replace("http://127.0.0.1:0", "http://127.0.0.1:" + this.port));
	}

	@Test
	void servesLinksOfTheLocalDiskStoreWithRanges() throws Exception {
		assertThat(this.store).isInstanceOf(LocalDiskObjectStore.class);
		Path file = this.temp.resolve("preview.mp4");
		Files.write(file, "0123456789".repeat(1000).getBytes());
		String key = "clips/" + UUID.randomUUID() + "/preview.mp4";
		this.store.put(key, file, "video/mp4");
		URI link = onThisPort(this.store.presignedGet(key, Duration.ofMinutes(5)));

		HttpResponse<byte[]> whole = this.client.send(HttpRequest.newBuilder(link).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(whole.headers().firstValue("Content-Type")).contains("video/mp4");
		assertThat(whole.body()).isEqualTo(Files.readAllBytes(file));

		HttpResponse<String> range = this.client.send(
				HttpRequest.newBuilder(link).header("Range", "bytes=10-14").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.body()).isEqualTo("01234");

		URI forged = URI.create(link.toString().replaceAll("signature=[^&]+", "signature=forged"));
		assertThat(this.client.send(HttpRequest.newBuilder(forged).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(404);
		URI unsigned = URI.create("http://127.0.0.1:" + this.port + LocalDiskObjectStore.LINK_PATH + key);
		assertThat(this.client.send(HttpRequest.newBuilder(unsigned).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode()).isEqualTo(404);
	}

	@Test
	void theEmbeddedDatabaseIsMigratedAndReachable() {
		UUID id = UUID.randomUUID();
		assertThat(this.videos.insertIfAbsent(id, UUID.randomUUID(), "videos/" + id + "/source", null)).isTrue();
		assertThat(this.videos.find(id)).isPresent();
	}

	@Test
	void stepLeasesUseTheConfiguredTimeToLive() {
		String run = "run-" + UUID.randomUUID();
		try (StepLease lease = this.leases.acquire(run, "transcode", "replica-a").orElseThrow()) {
			assertThat(lease.ttl()).isEqualTo(Duration.ofSeconds(30));
			assertThat(this.leases.acquire(run, "transcode", "replica-b")).isEmpty();
		}
		assertThat(this.leases.acquire(run, "transcode", "replica-b")).hasValueSatisfying(StepLease::close);
	}

}
