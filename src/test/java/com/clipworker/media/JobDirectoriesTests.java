package com.clipworker.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Job directories: created per id, stale ones swept, free disk checked. */
class JobDirectoriesTests {

	@TempDir
	Path root;

	@Test
	void createMakesAFreshDirectoryPerStepAndRefusesPathsInNames() {
		JobDirectories directories = new JobDirectories(MediaProperties.defaults(this.root));
		Path first = directories.create("clip-export-42");
		Path second = directories.create("clip-export-42");
		assertThat(first).isDirectory().isNotEqualTo(second);
		assertThat(first.getParent()).isEqualTo(this.root);
		assertThatIllegalArgumentException().isThrownBy(() -> directories.create("../escape"));
		assertThatIllegalArgumentException().isThrownBy(() -> directories.create(".hidden"));
		directories.delete(first);
		assertThat(first).doesNotExist();
	}

	@Test
	void sweepDeletesOnlyStaleDirectories() throws IOException {
		JobDirectories directories = new JobDirectories(MediaProperties.defaults(this.root));
		Path stale = directories.create("old");
		Files.writeString(stale.resolve("leftover.mp4"), "x");
		Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
		Path fresh = directories.create("new");
		assertThat(directories.sweepStale()).isEqualTo(1);
		assertThat(stale).doesNotExist();
		assertThat(fresh).isDirectory();
	}

	@Test
	void sweepKillsTheBrowserOfADeadWorkerAndDeletesItsProfile() throws Exception {
		JobDirectories directories = new JobDirectories(MediaProperties.defaults(this.root));
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		Path orphaned = Files.createDirectories(this.root.resolve("chromium-" + gone.pid() + "-1"));
		Process browser = new ProcessBuilder("sh", "-c", "sleep 120; true", "--user-data-dir=" + orphaned).start();
		long livePid = ProcessHandle.current().parent().orElseThrow().pid();
		Path live = Files.createDirectories(this.root.resolve("chromium-" + livePid + "-2"));
		try {
			assertThat(directories.sweepStale()).isEqualTo(1);
			assertThat(browser.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("the orphaned browser is killed")
				.isTrue();
			assertThat(orphaned).doesNotExist();
			assertThat(live).as("the profile of a live process is kept").isDirectory();
		}
		finally {
			browser.descendants().forEach(ProcessHandle::destroyForcibly);
			browser.destroyForcibly();
		}
	}

	@Test
	void freeSpaceCheckRefusesWhatCannotFit() {
		JobDirectories directories = new JobDirectories(MediaProperties.defaults(this.root));
		directories.requireFreeSpace(this.root, 1);
		assertThatExceptionOfType(InsufficientDiskException.class)
			.isThrownBy(() -> directories.requireFreeSpace(this.root, Long.MAX_VALUE / 2))
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

}
