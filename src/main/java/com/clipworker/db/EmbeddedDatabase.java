package com.clipworker.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server of local mode (the same major version Supabase runs), with its
 * data kept in a directory across restarts. One server per data directory and process:
 * every Spring context of the process that asks for the same directory shares it, and the
 * last one to close stops it.
 */
public final class EmbeddedDatabase implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDatabase.class);

	private static final Map<Path, Shared> servers = new HashMap<>();

	private final Path directory;

	private final Shared shared;

	private boolean closed;

	private EmbeddedDatabase(Path directory, Shared shared) {
		this.directory = directory;
		this.shared = shared;
	}

	/**
	 * Starts the server on a free port, or joins the one this process already runs on the
	 * directory.
	 * @param directory the data directory (created when missing)
	 * @return a handle to close when done
	 * @throws EmbeddedDatabaseException when the server cannot start
	 */
	public static EmbeddedDatabase start(Path directory) {
		Path key = directory.toAbsolutePath().normalize();
		synchronized (servers) {
			Shared shared = servers.get(key);
			if (shared == null) {
				shared = new Shared(launch(key));
				servers.put(key, shared);
			}
			shared.references++;
			return new EmbeddedDatabase(key, shared);
		}
	}

	private static EmbeddedPostgres launch(Path directory) {
		try {
			boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
			Files.createDirectories(directory);
			EmbeddedPostgres server = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
			logger.info("Embedded PostgreSQL is running on 127.0.0.1:{} with its data in {} ({})", server.getPort(),
					directory, fresh ? "created now" : "kept from an earlier run");
			return server;
		}
		catch (IOException | RuntimeException ex) {
			throw new EmbeddedDatabaseException(directory, ex);
		}
	}

	/** The JDBC URL of the {@code postgres} database, user {@code postgres}. */
	public String jdbcUrl() {
		return this.shared.server.getJdbcUrl("postgres", "postgres");
	}

	public Path directory() {
		return this.directory;
	}

	@Override
	public void close() {
		synchronized (servers) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.shared.references--;
			if (this.shared.references > 0) {
				return;
			}
			servers.remove(this.directory);
			try {
				this.shared.server.close();
				logger.info("Embedded PostgreSQL stopped; its data stays in {}", this.directory);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Embedded PostgreSQL did not stop cleanly", ex);
			}
		}
	}

	private static final class Shared {

		private final EmbeddedPostgres server;

		private int references;

		private Shared(EmbeddedPostgres server) {
			this.server = server;
		}

	}

}
