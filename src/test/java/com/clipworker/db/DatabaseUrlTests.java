package com.clipworker.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatabaseUrlTests {

	@Test
	void directConnectionRequiresSsl() {
		JdbcConnection connection = DatabaseUrl
			.toJdbc("postgresql://postgres:s3cret@db.abcdefgh.supabase.co:5432/postgres");
		assertThat(connection.url())
			.isEqualTo("jdbc:postgresql://db.abcdefgh.supabase.co:5432/postgres?sslmode=require");
		assertThat(connection.username()).isEqualTo("postgres");
		assertThat(connection.password()).isEqualTo("s3cret");
		assertThat(connection.transactionPooler()).isFalse();
	}

	@Test
	void sessionPoolerKeepsPreparedStatements() {
		JdbcConnection connection = DatabaseUrl
			.toJdbc("postgresql://postgres.abcdefgh:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres");
		assertThat(connection.url()).doesNotContain("prepareThreshold").endsWith("?sslmode=require");
		assertThat(connection.username()).isEqualTo("postgres.abcdefgh");
	}

	@Test
	void transactionPoolerTurnsOffPreparedStatements() {
		JdbcConnection connection = DatabaseUrl
			.toJdbc("postgres://postgres.abcdefgh:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres");
		assertThat(connection.url()).isEqualTo(
				"jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres?prepareThreshold=0&sslmode=require");
		assertThat(connection.transactionPooler()).isTrue();
	}

	@Test
	void parametersInTheUrlWin() {
		JdbcConnection connection = DatabaseUrl
			.toJdbc("postgresql://u:p@db.example.com:6543/app?sslmode=verify-full&prepareThreshold=5");
		assertThat(connection.url())
			.isEqualTo("jdbc:postgresql://db.example.com:6543/app?sslmode=verify-full&prepareThreshold=5");
	}

	@Test
	void localHostsDoNotRequireSsl() {
		assertThat(DatabaseUrl.toJdbc("postgresql://u:p@localhost:5432/app").url())
			.isEqualTo("jdbc:postgresql://localhost:5432/app");
		assertThat(DatabaseUrl.toJdbc("postgresql://u:p@127.0.0.1/app").url())
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432/app");
		assertThat(DatabaseUrl.toJdbc("postgresql://u:p@[::1]:5433/app").url())
			.isEqualTo("jdbc:postgresql://[::1]:5433/app");
	}

	@Test
	void passwordMayHoldReservedCharacters() {
		JdbcConnection encoded = DatabaseUrl.toJdbc("postgresql://u:p%40ss%3Aw%2Frd@localhost/app");
		assertThat(encoded.password()).isEqualTo("p@ss:w/rd");
		JdbcConnection raw = DatabaseUrl.toJdbc("postgresql://u:p@ss+word@localhost/app");
		assertThat(raw.password()).isEqualTo("p@ss+word");
		assertThat(raw.url()).isEqualTo("jdbc:postgresql://localhost:5432/app");
	}

	@Test
	void databaseDefaultsToPostgres() {
		assertThat(DatabaseUrl.toJdbc("postgresql://u@localhost").url())
			.isEqualTo("jdbc:postgresql://localhost:5432/postgres");
	}

	@Test
	void jdbcUrlPassesThrough() {
		assertThat(DatabaseUrl.toJdbc("jdbc:postgresql://h:5432/db?user=u").url())
			.isEqualTo("jdbc:postgresql://h:5432/db?user=u");
	}

	@Test
	void refusesOtherSchemesWithoutEchoingTheSecret() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.toJdbc("mysql://u:topsecret@h/db"))
			.withMessageContaining("postgresql://")
			.withMessageNotContaining("topsecret")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
	}

	@Test
	void refusesBadPorts() {
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.toJdbc("postgresql://u:p@h:abc/db"))
			.withMessageContaining("port");
		assertThatExceptionOfType(InvalidDatabaseUrlException.class)
			.isThrownBy(() -> DatabaseUrl.toJdbc("postgresql://u:p@h:70000/db"))
			.withMessageContaining("port");
	}

	@Test
	void toStringHidesThePassword() {
		assertThat(DatabaseUrl.toJdbc("postgresql://u:topsecret@h/db").toString()).doesNotContain("topsecret");
	}

}
