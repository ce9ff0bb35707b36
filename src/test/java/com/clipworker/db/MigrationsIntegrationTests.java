package com.clipworker.db;

import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MigrationsIntegrationTests {

	private static final List<String> TABLES = List.of("videos", "transcripts", "clips", "exports", "ai_results",
			"step_leases");

	@AutoClose
	private static final TestDatabase database = TestDatabase.create();

	@Test
	void createsEveryTableInPublicWithRowLevelSecurityOn() {
		List<String> secured = database.jdbc()
			.sql("select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
					+ "where n.nspname = 'public' and c.relkind = 'r' and c.relrowsecurity order by c.relname")
			.query(String.class)
			.list();
		assertThat(secured).containsAll(TABLES).contains("flyway_schema_history");
	}

	@Test
	void aSecondMigrationChangesNothing() {
		assertThat(Flyway.configure().dataSource(database.dataSource()).load().migrate().migrationsExecuted).isZero();
	}

	@Test
	void rowLevelSecurityHidesRowsFromOtherRoles() {
		UUID id = UUID.randomUUID();
		database.videos().insertIfAbsent(id, UUID.randomUUID(), "videos/" + id + "/source", null);
		database.jdbc()
			.sql("do $$ begin create role web_user nologin; exception when duplicate_object then null; end $$")
			.update();
		database.jdbc().sql("grant select on videos to web_user").update();
		Integer visible = database.transactions().execute((status) -> {
			database.jdbc().sql("set local role web_user").update();
			return database.jdbc().sql("select count(*) from videos").query(Integer.class).single();
		});
		assertThat(visible).isZero();
		assertThat(database.jdbc().sql("select count(*) from videos").query(Integer.class).single()).isPositive();
	}

	@Test
	void statusesOutsideTheirListAreRefused() {
		UUID id = UUID.randomUUID();
		database.videos().insertIfAbsent(id, UUID.randomUUID(), "videos/" + id + "/source", null);
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(
				() -> database.jdbc().sql("update videos set status = 'done' where id = :id").param("id", id).update());
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> database.jdbc()
			.sql("update videos set clips_progress = 101 where id = :id")
			.param("id", id)
			.update());
	}

}
