package com.clipworker.db;

import java.nio.file.Path;
import java.time.Clock;

import javax.sql.DataSource;

import com.clipworker.config.WorkerProperties;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The data source (from {@code DATABASE_URL}, or the embedded server in local mode
 * without one) and the query classes. Flyway's auto-configuration migrates the data
 * source when {@code clipworker.database.migrate} is on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseConfiguration.class);

	@Bean
	DatabaseEndpoint databaseEndpoint(DatabaseProperties properties, WorkerProperties worker) {
		String url = properties.url();
		if (url != null && !url.isBlank()) {
			JdbcConnection connection = DatabaseUrl.toJdbc(url);
			if (connection.transactionPooler()) {
				logger.info("DATABASE_URL points at the transaction pooler (port {}): prepared statements are off "
						+ "(prepareThreshold=0)", DatabaseUrl.TRANSACTION_POOLER_PORT);
			}
			return new DatabaseEndpoint(connection, null);
		}
		if (!worker.isLocal()) {
			throw new InvalidDatabaseUrlException("it is not set, and only local mode starts an embedded database");
		}
		Path directory = (properties.embeddedDirectory() != null) ? properties.embeddedDirectory()
				: worker.dataDir().resolve("postgres");
		EmbeddedDatabase embedded = EmbeddedDatabase.start(directory);
		return new DatabaseEndpoint(new JdbcConnection(embedded.jdbcUrl(), "postgres", null, false), embedded);
	}

	@Bean
	HikariDataSource dataSource(DatabaseEndpoint endpoint, DatabaseProperties properties) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("clipworker-db");
		config.setJdbcUrl(endpoint.connection().url());
		config.setUsername(endpoint.connection().username());
		config.setPassword(endpoint.connection().password());
		config.setMaximumPoolSize(properties.poolSize());
		config.setMinimumIdle(Math.min(2, properties.poolSize()));
		config.setConnectionTimeout(properties.connectTimeout().toMillis());
		// Start even when the database is down: health reports it and steps retry.
		config.setInitializationFailTimeout(-1);
		return new HikariDataSource(config);
	}

	@Bean
	JdbcClient jdbcClient(DataSource dataSource) {
		return JdbcClient.create(dataSource);
	}

	@Bean
	TransactionTemplate transactionTemplate(DataSource dataSource) {
		return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	@Bean
	VideoQueries videoQueries(JdbcClient jdbc, TransactionTemplate transactions, DatabaseProperties properties) {
		return new VideoQueries(jdbc, transactions,
				new ProgressThrottle(properties.progressInterval(), Clock.systemUTC()));
	}

	@Bean
	TranscriptQueries transcriptQueries(JdbcClient jdbc, JsonMapper json) {
		return new TranscriptQueries(jdbc, json);
	}

	@Bean
	ClipQueries clipQueries(JdbcClient jdbc, TransactionTemplate transactions) {
		return new ClipQueries(jdbc, transactions);
	}

	@Bean
	ExportQueries exportQueries(JdbcClient jdbc, DatabaseProperties properties) {
		return new ExportQueries(jdbc, new ProgressThrottle(properties.progressInterval(), Clock.systemUTC()));
	}

	@Bean
	AiResultQueries aiResultQueries(JdbcClient jdbc) {
		return new AiResultQueries(jdbc);
	}

	@Bean(destroyMethod = "close")
	StepLeases stepLeases(JdbcClient jdbc, DatabaseProperties properties) {
		return new StepLeases(jdbc, properties.lease().renewEvery(), properties.lease().ttl());
	}

	/**
	 * The resolved connection, and the embedded server to stop after the pool closes.
	 *
	 * @param connection where to connect
	 * @param embedded the embedded server, or {@code null} when the database is external
	 */
	record DatabaseEndpoint(JdbcConnection connection, @Nullable EmbeddedDatabase embedded) implements AutoCloseable {

		@Override
		public void close() {
			if (this.embedded != null) {
				this.embedded.close();
			}
		}

	}

}
