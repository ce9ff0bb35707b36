package com.clipworker.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A full disk told apart from other write failures by the error the operating system
 * gives, read from a real write to {@code /dev/full}, wherever it sits in the causes.
 */
class LocalDiskFullExceptionTests {

	@TempDir
	Path dir;

	@Test
	void aWriteToAFullDeviceIsADiskFullWhereverItSitsInTheCauses() {
		IOException full = catchThrowableOfType(IOException.class,
				() -> Files.write(Path.of("/dev/full"), new byte[8192]));

		assertThat(full).isNotNull();
		assertThat(LocalDiskFullException.isDiskFull(full)).isTrue();
		assertThat(LocalDiskFullException.isDiskFull(new IllegalStateException("SDK", new UncheckedIOException(full))))
			.isTrue();
		assertThat(LocalDiskFullException.isDiskFull(new IOException("Connection reset"))).isFalse();
		assertThat(LocalDiskFullException.isDiskFull(new IllegalStateException("No space left on device")))
			.as("only an I/O error says so")
			.isFalse();
	}

	@Test
	void itIsRetriableAndNamesTheDirectoryAndItsFreeSpace() {
		LocalDiskFullException failure = new LocalDiskFullException("Download", "videos/x/source", this.dir,
				new IOException("No space left on device"));

		assertThat(failure.retriable()).isTrue();
		assertThat(failure.getMessage()).contains("Download of 'videos/x/source' ran out of disk under " + this.dir)
			.containsPattern("\\(\\d+ bytes free\\)");
	}

}
