package com.clipworker.db;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseIntegrationTests {

	@TempDir
	Path temp;

	private static HikariDataSource pool(EmbeddedDatabase database) {
		HikariDataSource pool = TestDatabase.pool(database.jdbcUrl(), 1);
		return pool;
	}

	@Test
	void keepsItsDataAcrossRestarts() {
		Path directory = this.temp.resolve("postgres");
		try (EmbeddedDatabase first = EmbeddedDatabase.start(directory); HikariDataSource pool = pool(first)) {
			JdbcClient.create(pool).sql("create table kept (v text)").update();
			JdbcClient.create(pool).sql("insert into kept values ('still here')").update();
		}
		try (EmbeddedDatabase second = EmbeddedDatabase.start(directory); HikariDataSource pool = pool(second)) {
			assertThat(JdbcClient.create(pool).sql("select v from kept").query(String.class).single())
				.isEqualTo("still here");
			assertThat(JdbcClient.create(pool).sql("show server_version").query(String.class).single())
				.startsWith("17.");
		}
	}

	@Test
	void contextsOfOneProcessShareTheServerUntilTheLastCloses() {
		Path directory = this.temp.resolve("shared");
		EmbeddedDatabase first = EmbeddedDatabase.start(directory);
		EmbeddedDatabase second = EmbeddedDatabase.start(directory);
		assertThat(second.jdbcUrl()).isEqualTo(first.jdbcUrl());
		first.close();
		first.close();
		try (HikariDataSource pool = pool(second)) {
			assertThat(JdbcClient.create(pool).sql("select 1").query(Integer.class).single()).isEqualTo(1);
		}
		second.close();
		try (EmbeddedDatabase third = EmbeddedDatabase.start(directory)) {
			assertThat(third.directory()).isEqualTo(directory.toAbsolutePath().normalize());
		}
	}

}
