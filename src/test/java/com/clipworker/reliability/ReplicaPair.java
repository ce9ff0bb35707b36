package com.clipworker.reliability;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.clipworker.db.TestDatabase;
import com.clipworker.storage.S3MockServer;

/**
 * Worker processes that share one PostgreSQL database (through {@code DATABASE_URL}) and
 * one S3 bucket (S3Mock through the {@code R2_*} variables; the shared test bucket unless
 * one is given), as replicas do, each with its own port, data and work directories.
 */
final class ReplicaPair {

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final TestDatabase database;

	private final Path directory;

	private final String bucket;

	ReplicaPair(TestDatabase database, Path directory) {
		this(database, directory, S3MockServer.BUCKET);
	}

	ReplicaPair(TestDatabase database, Path directory, String bucket) {
		this.database = database;
		this.directory = directory;
		this.bucket = bucket;
	}

	/** The environment of one replica. */
	Map<String, String> env(String name, int port, URI inngestApi, Duration grace) {
		Map<String, String> env = new HashMap<>();
		env.put("WORKER_MODE", "local");
		env.put("PORT", Integer.toString(port));
		env.put("MANAGEMENT_PORT", "0");
		env.put("DATA_DIR", this.directory.resolve(name).toString());
		env.put("CLIPWORKER_MEDIA_WORKDIR", this.directory.resolve(name).resolve("media").toString());
		env.put("DATABASE_URL",
				"postgresql://postgres@127.0.0.1:" + TestDatabase.server().getPort() + "/" + this.database.name());
		env.put("R2_ENDPOINT", S3MockServer.get().endpoint().toString());
		env.put("R2_ACCESS_KEY_ID", "replica-access");
		env.put("R2_SECRET_ACCESS_KEY", "replica-secret");
		env.put("R2_BUCKET", this.bucket);
		env.put("INNGEST_BASE_URL", inngestApi.toString());
		env.put("SHUTDOWN_GRACE_PERIOD", grace.toMillis() + "ms");
		env.put("CLIPWORKER_DATABASE_LEASE_TTL", "3s");
		env.put("CLIPWORKER_DATABASE_LEASE_RENEWEVERY", "1s");
		return env;
	}

	WorkerProcess start(String name, int port, URI inngestApi, Duration grace, List<String> jvmOptions) {
		return WorkerProcess.start(ProbeWorker.class.getName(), env(name, port, inngestApi, grace), jvmOptions,
				this.directory.resolve(name + ".log"));
	}

	/**
	 * Polls {@code /api/health} until it answers 200, recording every answer before it
	 * ({@code refused} while nothing listens).
	 */
	static List<String> awaitHealthy(WorkerProcess worker, int port, Duration timeout) {
		List<String> answers = new ArrayList<>();
		WorkerProcess.await(() -> {
			if (!worker.isAlive()) {
				throw new AssertionError("The worker exited during start-up:\n" + worker.tail());
			}
			String answer = health(port);
			if (answers.isEmpty() || !answers.get(answers.size() - 1).equals(answer)) {
				answers.add(answer);
			}
			return answer.startsWith("200");
		}, timeout, "the worker on port " + port + " to be healthy");
		return answers;
	}

	static String health(int port) {
		try {
			HttpResponse<String> response = client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() + " " + response.body();
		}
		catch (ConnectException ex) {
			return "refused";
		}
		catch (IOException ex) {
			return "failed " + ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Whether a TCP connection to the port is refused. */
	static boolean refuses(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	static int freePort() {
		return WorkerProcess.freePort();
	}

}
