package com.clipworker.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A disk that runs full under a process: the failure is an
 * {@link InsufficientDiskException} (retriable) naming the job directory and its free
 * space, and the partial output is deleted. ffmpeg 5.1 exits 0 when only its trailer
 * could not be written (a truncated MP4), so the verdict comes from what it reports, not
 * its exit status. The default cases need no privilege (the output is a link to
 * {@code /dev/full}, or a program reports the trailer failure); the {@code slow} case
 * fills a real tmpfs.
 */
class DiskFullIntegrationTests {

	@TempDir
	static Path dir;

	static ProcessRunner runner;

	static Ffmpeg ffmpeg;

	static Ffprobe ffprobe;

	static Path source;

	@BeforeAll
	static void setUp() {
		MediaProperties defaults = MediaProperties.defaults(dir.resolve("work"));
		MediaProperties noReserve = new MediaProperties(defaults.ffmpeg(), defaults.ffprobe(), defaults.chromium(),
				defaults.workDir(), defaults.deadline(), defaults.busyWait(), defaults.retryAfter(), 1, 2, 1,
				defaults.staleAfter(), DataSize.ofBytes(0), defaults.limits(), 144, 144, defaults.sceneSegment(),
				defaults.export(), defaults.chromiumStartTimeout(), defaults.renderTimeout());
		runner = new ProcessRunner(noReserve, new SimpleMeterRegistry());
		ffprobe = new Ffprobe(runner);
		ffmpeg = new Ffmpeg(runner, ffprobe, new JobDirectories(noReserve));
		source = MediaFixtures.scenes(dir, "source.mp4");
	}

	@AfterAll
	static void tearDown() {
		runner.close();
		assertThat(MediaFixtures.liveDescendants(Duration.ofSeconds(5))).isEmpty();
	}

	@Test
	void anEncodeIntoAFullDeviceFailsRetriablyNamingTheDirectoryAndDeletesTheOutput() throws IOException {
		Path job = Files.createDirectories(dir.resolve("job-dev-full"));
		Path out = Files.createSymbolicLink(job.resolve("proxy.mp4"), Path.of("/dev/full"));

		InsufficientDiskException failure = catchThrowableOfType(InsufficientDiskException.class,
				() -> ffmpeg.proxy(source, ffprobe.probe(source), out, ProgressListener.NONE));

		assertFullDisk(failure, job);
		assertThat(out).as("the output is deleted").doesNotExist();
		assertThat(Path.of("/dev/full")).exists();
	}

	@Test
	void aTrailerThatCouldNotBeWrittenFailsTheRunEvenWhenTheProgramExitsZero() throws IOException {
		Path job = Files.createDirectories(dir.resolve("job-trailer"));
		Path out = job.resolve("proxy.mp4");
		// What ffmpeg 5.1 prints, with exit status 0, when the disk fills as it writes
		// the trailer (seen on a tmpfs; the slow case below runs the real thing).
		List<String> command = List.of("sh", "-c", "printf 'ftyp-and-mdat' > proxy.mp4; "
				+ "echo 'Error writing trailer of file:proxy.mp4: No space left on device' >&2; exit 0");

		InsufficientDiskException failure = catchThrowableOfType(InsufficientDiskException.class, () -> runner
			.run(ProcessRequest.of(ProcessKind.HEAVY, command, job, Duration.ofSeconds(30)).withOutputs(out)));

		assertFullDisk(failure, job);
		assertThat(failure.getMessage()).contains("Error writing trailer");
		assertThat(out).as("the truncated output is deleted").doesNotExist();
	}

	@Test
	@Tag("slow")
	void anEncodeThatFillsARealFileSystemFailsRetriablyAndDeletesTheOutput() throws IOException {
		Path whole = dir.resolve("whole.mp4");
		List<String> encode = List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i",
				source.toString(), "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac", "-movflags", "+faststart",
				"-f", "mp4");
		runner.run(ProcessRequest.of(ProcessKind.HEAVY, with(encode, whole), dir, Duration.ofSeconds(60)));
		long size = Files.size(whole);
		try (Tmpfs disk = Tmpfs.mount(dir.resolve("small"), size / 2)) {
			Path out = disk.path().resolve("proxy.mp4");

			InsufficientDiskException failure = catchThrowableOfType(InsufficientDiskException.class,
					() -> runner.run(
							ProcessRequest.of(ProcessKind.HEAVY, with(encode, out), disk.path(), Duration.ofSeconds(60))
								.withOutputs(out)));

			assertFullDisk(failure, disk.path());
			assertThat(out).as("the partial output is deleted").doesNotExist();
			assertThat(disk.free()).as("the space is back").isGreaterThan(size / 4);
		}
	}

	private static List<String> with(List<String> command, Path out) {
		List<String> full = new java.util.ArrayList<>(command);
		full.add("file:" + out.toAbsolutePath());
		return full;
	}

	private static void assertFullDisk(InsufficientDiskException failure, Path job) {
		assertThat(failure).as("a full disk is reported as such").isNotNull();
		assertThat(failure.retriable()).isTrue();
		assertThat(failure.getMessage()).contains("No space left on device")
			.contains(job.toString())
			.containsPattern("\\(\\d+ bytes free\\)");
	}

}
