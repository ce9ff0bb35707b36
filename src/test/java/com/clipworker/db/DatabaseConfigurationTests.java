package com.clipworker.db;

import java.nio.file.Path;
import java.time.Duration;

import com.clipworker.config.WorkerMode;
import com.clipworker.config.WorkerProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatabaseConfigurationTests {

	private final DatabaseConfiguration configuration = new DatabaseConfiguration();

	private static DatabaseProperties properties(String url) {
		return new DatabaseProperties(url, 6, true, Duration.ofSeconds(10), null, Duration.ofSeconds(1),
				new DatabaseProperties.Lease(Duration.ofSeconds(30), Duration.ofSeconds(10)));
	}

	@Test
	void productionNeverStartsTheEmbeddedDatabase() {
		WorkerProperties production = new WorkerProperties(WorkerMode.PRODUCTION, null, Path.of("target/never"));
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> this.configuration.databaseEndpoint(properties(null), production))
			.withMessageContaining("DATABASE_URL")
			.withMessageContaining("only local mode");
		assertThat(Path.of("target/never")).doesNotExist();
	}

	@Test
	void aDatabaseUrlWinsInEveryMode() {
		for (WorkerMode mode : WorkerMode.values()) {
			WorkerProperties worker = new WorkerProperties(mode, null, Path.of("target/never"));
			DatabaseConfiguration.DatabaseEndpoint endpoint = this.configuration
				.databaseEndpoint(properties("postgresql://u:p@aws-0-eu.pooler.supabase.com:6543/postgres"), worker);
			assertThat(endpoint.embedded()).isNull();
			assertThat(endpoint.connection().url()).contains("prepareThreshold=0").contains("sslmode=require");
			assertThat(endpoint.connection().transactionPooler()).isTrue();
		}
	}

	@Test
	void propertiesHideTheUrl() {
		assertThat(properties("postgresql://u:topsecret@h/db").toString()).doesNotContain("topsecret");
	}

}
