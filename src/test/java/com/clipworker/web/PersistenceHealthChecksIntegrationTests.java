package com.clipworker.web;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import com.clipworker.db.TestDatabase;
import com.clipworker.storage.LocalDiskObjectStore;
import com.clipworker.storage.S3MockServer;
import com.clipworker.storage.S3ObjectStore;
import com.clipworker.storage.StorageProperties;
import com.clipworker.storage.S3Clients;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** The persistence checks pass on working stores and fail when a store goes away. */
class PersistenceHealthChecksIntegrationTests {

	private final PersistenceHealthChecks checks = new PersistenceHealthChecks();

	@TempDir
	Path temp;

	@Test
	void databaseCheckFollowsTheServer() throws Exception {
		try (TestDatabase database = TestDatabase.create()) {
			HikariDataSource pool = TestDatabase.pool(database.jdbcUrl(), 1);
			DependencyCheck check = this.checks.databaseCheck(JdbcClient.create(pool));
			assertThat(check.name()).isEqualTo("database");
			assertThat(check.essential()).isTrue();
			assertThat(check.probe().call()).isEqualTo(1);
			pool.close();
			assertThatException().isThrownBy(() -> check.probe().call());
		}
	}

	@Test
	void objectStoreCheckFollowsTheDirectory() throws Exception {
		Path root = this.temp.resolve("objects");
		DependencyCheck check = this.checks.objectStoreCheck(
				new LocalDiskObjectStore(root, URI.create("http://127.0.0.1"), new byte[] { 1 }, Clock.systemUTC()));
		assertThat(check.name()).isEqualTo("objectStore");
		assertThat(check.essential()).isTrue();
		check.probe().call();
		FileSystemUtils.deleteRecursively(root);
		assertThat(Files.exists(root)).isFalse();
		assertThatException().isThrownBy(() -> check.probe().call());
	}

	@Test
	void objectStoreCheckFollowsTheBucket() throws Exception {
		S3MockServer server = S3MockServer.get();
		try (S3ObjectStore store = server.store()) {
			this.checks.objectStoreCheck(store).probe().call();
		}
		StorageProperties good = server.properties();
		StorageProperties missingBucket = new StorageProperties(
				new StorageProperties.R2(null, "k", "s", "no-such-bucket", good.r2().endpoint()), good.local(),
				good.cache(), good.multipartThreshold(), good.partSize(), 1, good.connectTimeout(),
				good.socketTimeout(), 1);
		try (S3ObjectStore store = S3Clients.store(missingBucket, java.util.List.of())) {
			DependencyCheck check = this.checks.objectStoreCheck(store);
			assertThatException().isThrownBy(() -> check.probe().call());
		}
	}

}
