package com.clipworker.storage;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object store's full-disk failure: retriable, and naming what ran out of space where
 * (how a full disk is recognised: {@code DiskSpaceTests}).
 */
class LocalDiskFullExceptionTests {

	@TempDir
	Path dir;

	@Test
	void itIsRetriableAndNamesTheDirectoryAndItsFreeSpace() {
		LocalDiskFullException failure = new LocalDiskFullException("Download", "videos/x/source", this.dir,
				new IOException("No space left on device"));

		assertThat(failure.retriable()).isTrue();
		assertThat(failure.getMessage()).contains("Download of 'videos/x/source' ran out of disk under " + this.dir)
			.containsPattern("\\(\\d+ bytes free\\)");
	}

}
