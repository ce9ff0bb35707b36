package com.clipworker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.util.unit.DataSize;

/**
 * Adobe S3Mock, a real S3 HTTP API, run as a separate process from the {@code -exec} jar
 * the build copies to {@code target/s3mock}, once per test JVM, path-style on 127.0.0.1.
 * Stopped when the JVM exits. Other packages' tests use {@link #store} too.
 */
public final class S3MockServer {

	/** The bucket the server starts with. */
	public static final String BUCKET = "clipworker-test";

	private static @Nullable S3MockServer instance;

	private final Process process;

	private final int port;

	private S3MockServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** The shared server, started on first use. */
	public static synchronized S3MockServer get() {
		if (instance == null) {
			instance = start();
		}
		return instance;
	}

	private static S3MockServer start() {
		Path jar = Path.of("target", "s3mock", "s3mock-exec.jar").toAbsolutePath();
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: run the build (mvnw verify) so that it is copied");
		}
		try {
			int port = freePort();
			int httpsPort = freePort();
			Path root = Files.createTempDirectory("s3mock-");
			Path log = root.resolveSibling(root.getFileName() + ".log");
			String java = ProcessHandle.current().info().command().orElse("java");
			Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString(),
					"--http.port=" + port, "--server.port=" + httpsPort, "--server.address=127.0.0.1",
					"--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
					"--com.adobe.testing.s3mock.store.root=" + root, "--com.adobe.testing.s3mock.max-payload-size=32MB",
					"--logging.level.root=warn"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process)));
			S3MockServer server = new S3MockServer(process, port);
			server.awaitReady(Duration.ofSeconds(90), log);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("S3Mock did not start", ex);
		}
	}

	private void awaitReady(Duration timeout, Path log) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("S3Mock exited with " + this.process.exitValue() + "; see " + log);
			}
			try {
				HttpResponse<Void> response = client.send(HttpRequest.newBuilder(endpoint().resolve("/" + BUCKET))
					.method("HEAD", HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
		}
		throw new IllegalStateException("S3Mock did not answer within " + timeout + "; see " + log);
	}

	private static void stop(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	public URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/**
	 * Storage settings pointing at this server, with parts small enough for its limits.
	 */
	public StorageProperties properties() {
		return new StorageProperties(
				new StorageProperties.R2(null, "test-key", "test-secret", BUCKET, endpoint().toString()),
				new StorageProperties.Local(null, null), new StorageProperties.Cache(null, DataSize.ofGigabytes(1)),
				DataSize.ofMegabytes(8), DataSize.ofMegabytes(6), 3, Duration.ofSeconds(5), Duration.ofSeconds(30), 2);
	}

	/** A store on this server's bucket. */
	public S3ObjectStore store(ExecutionInterceptor... interceptors) {
		return S3Clients.store(properties(), List.of(interceptors));
	}

	/** A plain client on this server, for looking behind the store's back. */
	public S3Client client() {
		return S3Clients.client(properties(), List.of());
	}

}
