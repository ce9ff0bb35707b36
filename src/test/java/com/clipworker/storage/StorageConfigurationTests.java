package com.clipworker.storage;

import java.nio.file.Path;
import java.time.Duration;

import com.clipworker.config.WorkerMode;
import com.clipworker.config.WorkerProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StorageConfigurationTests {

	@TempDir
	Path temp;

	private final StorageConfiguration configuration = new StorageConfiguration();

	private static StorageProperties properties(StorageProperties.R2 r2) {
		return new StorageProperties(r2, new StorageProperties.Local(null, null),
				new StorageProperties.Cache(null, DataSize.ofGigabytes(1)), DataSize.ofMegabytes(64),
				DataSize.ofMegabytes(16), 4, Duration.ofSeconds(10), Duration.ofSeconds(60), 4);
	}

	private static final StorageProperties.R2 NONE = new StorageProperties.R2(null, null, null, null, null);

	private static final StorageProperties.R2 CONFIGURED = new StorageProperties.R2("0123abcd", "AKID", "s3cr3t",
			"media", null);

	@Test
	void localModeWithoutR2StoresOnDiskUnderTheDataDirectory() {
		WorkerProperties worker = new WorkerProperties(WorkerMode.LOCAL, null, this.temp);
		ObjectStore store = this.configuration.objectStore(properties(NONE), worker,
				new MockEnvironment().withProperty("server.port", "3101"));
		assertThat(store).isInstanceOf(LocalDiskObjectStore.class);
		assertThat(((LocalDiskObjectStore) store).root()).isEqualTo(this.temp.resolve("objects").toAbsolutePath());
		assertThat(store.presignedGet("videos/a/source", Duration.ofMinutes(1)).toString())
			.startsWith("http://localhost:3101/local/objects/videos/a/source?expires=");
	}

	@Test
	void configuredR2IsUsedInEveryMode() {
		for (WorkerMode mode : WorkerMode.values()) {
			WorkerProperties worker = new WorkerProperties(mode, null, this.temp);
			ObjectStore store = this.configuration.objectStore(properties(CONFIGURED), worker, new MockEnvironment());
			assertThat(store).isInstanceOf(S3ObjectStore.class);
			assertThat(store.presignedGet("videos/a/source", Duration.ofMinutes(1)).toString())
				.startsWith("https://0123abcd.r2.cloudflarestorage.com/media/videos/a/source?");
			((S3ObjectStore) store).close();
		}
	}

	@Test
	void productionWithoutR2Refuses() {
		WorkerProperties worker = new WorkerProperties(WorkerMode.PRODUCTION, null, this.temp);
		assertThatIllegalStateException()
			.isThrownBy(() -> this.configuration.objectStore(properties(NONE), worker, new MockEnvironment()))
			.withMessageContaining("R2_BUCKET");
	}

	@Test
	void partsOutsideR2sLimitsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StorageProperties(NONE, new StorageProperties.Local(null, null),
					new StorageProperties.Cache(null, DataSize.ofGigabytes(1)), DataSize.ofMegabytes(64),
					DataSize.ofMegabytes(4), 4, Duration.ofSeconds(10), Duration.ofSeconds(60), 4))
			.withMessageContaining("part-size");
	}

	@Test
	void secretsStayOutOfToString() {
		assertThat(CONFIGURED.toString()).doesNotContain("s3cr3t").doesNotContain("AKID");
	}

}
