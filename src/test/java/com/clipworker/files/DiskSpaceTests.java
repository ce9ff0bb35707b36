package com.clipworker.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A full disk told apart from other failures by the error the operating system gives,
 * read from a real write to {@code /dev/full}, wherever it sits in the causes.
 */
class DiskSpaceTests {

	@TempDir
	Path dir;

	@Test
	void aWriteToAFullDeviceIsAFullDiskWhereverItSitsInTheCauses() {
		IOException full = catchThrowableOfType(IOException.class,
				() -> Files.write(Path.of("/dev/full"), new byte[8192]));

		assertThat(full).isNotNull();
		assertThat(DiskSpace.isFull(full)).isTrue();
		assertThat(DiskSpace.isFull(new IllegalStateException("SDK", new UncheckedIOException(full)))).isTrue();
		assertThat(DiskSpace.isFull(new IOException("Connection reset"))).isFalse();
		assertThat(DiskSpace.isFull(new IllegalStateException("No space left on device")))
			.as("only an I/O error says so")
			.isFalse();
	}

	@Test
	void linesOfAProgramsStderrThatReportAFullDisk() {
		assertThat(DiskSpace.saysFull("[mp4 @ 0x55] Error writing trailer: No space left on device")).isTrue();
		assertThat(DiskSpace.saysFull("av_interleaved_write_frame(): Disk quota exceeded")).isTrue();
		assertThat(DiskSpace.saysFull("frame=  120 fps= 60 q=28.0 size=     256kB")).isFalse();
		assertThat(DiskSpace.saysFull(null)).isFalse();
	}

	@Test
	void describesTheFreeSpaceOfARealDirectoryAndSaysWhenItCannot() {
		assertThat(DiskSpace.usableBytes(this.dir)).isPositive();
		assertThat(DiskSpace.describeFree(this.dir)).matches("\\d+ bytes free");
		assertThat(DiskSpace.usableBytes(this.dir.resolve("missing/deeper"))).isEqualTo(-1);
		assertThat(DiskSpace.describeFree(this.dir.resolve("missing/deeper"))).isEqualTo("free space unknown");
	}

}
