package com.clipworker.startup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.clipworker.db.TestDatabase;
import com.clipworker.storage.S3MockServer;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The services production mode needs, on 127.0.0.1: a real PostgreSQL (the embedded
 * server the db tests use) with a fresh, empty database for the worker to migrate, and
 * S3Mock (a separate process) with a fresh bucket. {@link #environment()} is what a
 * deployment sets, with the conventional variable names.
 */
final class WorkerServices {

	private static final AtomicInteger counter = new AtomicInteger();

	private final String databaseUrl;

	private final String endpoint;

	private final String bucket;

	private WorkerServices(String databaseUrl, String endpoint, String bucket) {
		this.databaseUrl = databaseUrl;
		this.endpoint = endpoint;
		this.bucket = bucket;
	}

	/**
	 * Starts the servers (once per JVM) and creates a new database and bucket on them.
	 */
	static WorkerServices start() {
		String suffix = counter.incrementAndGet() + "-" + ProcessHandle.current().pid();
		String database = "worker_" + suffix.replace('-', '_');
		int port = TestDatabase.server().getPort();
		JdbcClient.create(TestDatabase.server().getPostgresDatabase()).sql("create database " + database).update();
		S3MockServer s3 = S3MockServer.get();
		String bucket = "worker-" + suffix;
		s3.client().createBucket((request) -> request.bucket(bucket));
		return new WorkerServices("postgresql://postgres:postgres@127.0.0.1:" + port + "/" + database,
				s3.endpoint().toString(), bucket);
	}

	/**
	 * The production-mode environment for these services, without the ports.
	 */
	Map<String, String> environment() {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("WORKER_MODE", "production");
		env.put("DATABASE_URL", this.databaseUrl);
		env.put("R2_ENDPOINT", this.endpoint);
		env.put("R2_ACCESS_KEY_ID", "test-key");
		env.put("R2_SECRET_ACCESS_KEY", "test-secret");
		env.put("R2_BUCKET", this.bucket);
		env.put("INNGEST_SIGNING_KEY", "signkey-test-" + "0123456789abcdef".repeat(4));
		return env;
	}

}
