package com.clipworker.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract against the local-disk store. Its links are served here by a tiny HTTP
 * server that opens them exactly as the local-mode controller does.
 */
class LocalDiskObjectStoreTests extends ObjectStoreContractTests {

	private HttpServer server;

	private LocalDiskObjectStore store;

	@BeforeEach
	void startStore() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		URI publicUrl = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		this.store = new LocalDiskObjectStore(this.temp.resolve("objects"), publicUrl, "test-link-key".getBytes(),
				Clock.systemUTC());
		this.server.createContext(LocalDiskObjectStore.LINK_PATH, this::serve);
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	private void serve(HttpExchange exchange) throws IOException {
		String key = exchange.getRequestURI().getPath().substring(LocalDiskObjectStore.LINK_PATH.length());
		Map<String, String> query = Stream.of(exchange.getRequestURI().getRawQuery().split("&"))
			.map((pair) -> pair.split("=", 2))
			.collect(Collectors.toMap((pair) -> pair[0], (pair) -> pair[1]));
		Optional<Path> file = this.store.open(key, Long.parseLong(query.get("expires")), query.get("signature"));
		if (file.isEmpty()) {
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
			return;
		}
		exchange.sendResponseHeaders(200, Files.size(file.get()));
		try (OutputStream body = exchange.getResponseBody()) {
			Files.copy(file.get(), body);
		}
	}

	@Override
	protected ObjectStore store() {
		return this.store;
	}

	@Override
	protected List<String> unfinishedUploads(String prefix) {
		try (Stream<Path> partials = Files.list(this.store.root().resolve(".partial"))) {
			return partials.map(Path::toString).toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void linksExpire() {
		Path file = TestFiles.write(this.temp.resolve("a"), 10, 1);
		this.store.put("videos/x/poster.jpg", file, "image/jpeg");
		URI link = this.store.presignedGet("videos/x/poster.jpg", java.time.Duration.ofSeconds(1));
		long expires = Long.parseLong(link.getQuery().replaceAll(".*expires=(\\d+).*", "$1"));
		String signature = link.getQuery().replaceAll(".*signature=([^&]+).*", "$1");
		assertThat(this.store.open("videos/x/poster.jpg", expires, signature)).isPresent();
		LocalDiskObjectStore later = new LocalDiskObjectStore(this.store.root(), URI.create("http://x"),
				"test-link-key".getBytes(), Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(5)));
		assertThat(later.open("videos/x/poster.jpg", expires, signature)).isEmpty();
		assertThat(this.store.open("videos/x/poster.jpg", expires + 1000, signature)).as("a stretched expiry")
			.isEmpty();
		assertThat(this.store.open("../../etc/passwd", expires, signature)).isEmpty();
	}

	@Test
	void contentTypesFollowTheExtension() {
		assertThat(LocalDiskObjectStore.contentType("videos/a/proxy.mp4")).isEqualTo("video/mp4");
		assertThat(LocalDiskObjectStore.contentType("videos/a/captions.vtt")).isEqualTo("text/vtt");
		assertThat(LocalDiskObjectStore.contentType("videos/a/source")).isEqualTo("application/octet-stream");
		assertThat(LocalDiskObjectStore.contentType("videos/a.b/source")).isEqualTo("application/octet-stream");
	}

	@Test
	void deletingTheLastObjectRemovesEmptyDirectories() {
		Path file = TestFiles.write(this.temp.resolve("b"), 10, 2);
		this.store.put("clips/c/preview.mp4", file, "video/mp4");
		this.store.delete("clips/c/preview.mp4");
		assertThat(this.store.root().resolve("clips")).doesNotExist();
	}

}
