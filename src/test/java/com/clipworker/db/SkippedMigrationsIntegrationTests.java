package com.clipworker.db;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DATABASE_MIGRATE=false} (for a schema the web app owns): the worker starts on a
 * fresh database and creates nothing in it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "clipworker.mode=local", "clipworker.database.migrate=false",
				"clipworker.data-dir=target/skipped-migrations-test-data",
				"clipworker.database.embedded-directory=target/skipped-migrations-test-data/postgres-${random.uuid}",
				"clipworker.health.interval=1h" })
class SkippedMigrationsIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Test
	void createsNoTables() {
		assertThat(this.jdbc.sql("select count(*) from pg_tables where schemaname = 'public'")
			.query(Integer.class)
			.single()).isZero();
	}

}
