package com.clipworker.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The worker's first start on a Supabase project whose {@code public} schema already
 * holds the web app's tables, as {@code docs/web-app.md} (name clashes) describes it:
 * Flyway refuses the schema, a baseline at version 0 adds the worker's tables beside the
 * web app's, and the default baseline version 1 would silently skip them. The guide's
 * variable names bind to exactly those Flyway settings.
 */
class ExistingSchemaMigrationIntegrationTests {

	private static final Path GUIDE = Path.of("docs/web-app.md");

	@Test
	void flywayRefusesASchemaThatAlreadyHoldsTheWebAppsTables() {
		try (HikariDataSource existing = existingWebAppDatabase()) {
			assertThatExceptionOfType(FlywayException.class)
				.isThrownBy(() -> Flyway.configure().dataSource(existing).load().migrate())
				.withMessageContaining("non-empty schema");
		}
	}

	@Test
	void baselineVersionZeroCreatesTheWorkerTablesBesideTheWebAppsTables() {
		try (HikariDataSource existing = existingWebAppDatabase()) {
			Flyway.configure().dataSource(existing).baselineOnMigrate(true).baselineVersion("0").load().migrate();
			assertThat(tables(existing)).contains("profiles", "videos", "transcripts", "clips", "exports", "ai_results",
					"step_leases");
		}
	}

	@Test
	void baselineVersionOneWouldSkipTheWorkerTables() {
		try (HikariDataSource existing = existingWebAppDatabase()) {
			try {
				Flyway.configure().dataSource(existing).baselineOnMigrate(true).load().migrate();
			}
			catch (FlywayException ex) {
				// the later migrations alter tables that the skipped V1 never created
				assertThat(ex).hasMessageContaining("V2__");
			}
			assertThat(tables(existing)).contains("profiles").doesNotContain("videos");
		}
	}

	@Test
	void theGuidesVariablesSetFlywaysBaseline() throws IOException {
		Matcher onMigrate = Pattern.compile("`(SPRING_FLYWAY_BASELINEONMIGRATE)=(\\w+)`")
			.matcher(Files.readString(GUIDE));
		Matcher version = Pattern.compile("`(SPRING_FLYWAY_BASELINEVERSION)=(\\w+)`").matcher(Files.readString(GUIDE));
		assertThat(onMigrate.find()).isTrue();
		assertThat(version.find()).isTrue();
		// in place of the process's environment, with the same name: Spring maps
		// SOME_NAME to some.name only there
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.<String, Object>of(onMigrate.group(1), onMigrate.group(2), version.group(1),
									version.group(2))));
		FlywayProperties flyway = Binder.get(environment).bind("spring.flyway", FlywayProperties.class).get();
		assertThat(flyway.isBaselineOnMigrate()).isTrue();
		assertThat(flyway.getBaselineVersion()).isEqualTo("0");
	}

	/** A fresh database whose public schema already holds a table of the web app's. */
	private static HikariDataSource existingWebAppDatabase() {
		String name = "webapp_" + UUID.randomUUID().toString().replace("-", "");
		JdbcClient.create(TestDatabase.server().getPostgresDatabase()).sql("create database " + name).update();
		HikariDataSource dataSource = TestDatabase.pool(TestDatabase.jdbcUrl(name), 4);
		JdbcClient.create(dataSource).sql("create table profiles (id uuid primary key, name text)").update();
		return dataSource;
	}

	private static List<String> tables(HikariDataSource dataSource) {
		return JdbcClient.create(dataSource)
			.sql("select tablename from pg_tables where schemaname = 'public'")
			.query(String.class)
			.list();
	}

}
