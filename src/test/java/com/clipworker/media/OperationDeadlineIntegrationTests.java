package com.clipworker.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An export runs two processes (the loudness analysis, then the encode) under one
 * deadline. ffmpeg is wrapped in a script that waits 4 s before it starts, so the
 * analysis ends about 4.5 s into a 7 s deadline and the encode, which would need 4 s
 * more, gets only the 2.5 s left: the whole export is cut at 7 s, not at 4.5 + 7 s, and
 * leaves no process and no file.
 */
class OperationDeadlineIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(7);

	@TempDir
	Path dir;

	ProcessRunner runner;

	Path calls;

	@BeforeEach
	void setUp() throws IOException {
		this.calls = this.dir.resolve("calls.log");
		Path slowFfmpeg = this.dir.resolve("slow-ffmpeg");
		Files.writeString(slowFfmpeg, "#!/bin/sh\necho started >> '" + this.calls + "'\nsleep 4\nexec ffmpeg \"$@\"\n");
		Files.setPosixFilePermissions(slowFfmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
		MediaProperties defaults = MediaProperties.defaults(this.dir.resolve("work"));
		MediaProperties properties = new MediaProperties(slowFfmpeg, defaults.ffprobe(), defaults.chromium(),
				defaults.workDir(), DEADLINE, defaults.busyWait(), defaults.retryAfter(), 1, 2, 1,
				defaults.staleAfter(), DataSize.ofMegabytes(1), defaults.limits(), 144, 144, defaults.sceneSegment(),
				MediaProperties.ExportSettings.sizes("180x320", "240x240", "320x180"), defaults.chromiumStartTimeout(),
				defaults.renderTimeout());
		this.runner = new ProcessRunner(properties, new SimpleMeterRegistry());
	}

	@AfterEach
	void tearDown() {
		this.runner.close();
	}

	@Test
	void exportIsCutAtItsDeadlineWhenTheEncodeGetsOnlyWhatTheAnalysisLeft() throws IOException {
		Path source = MediaFixtures.scenes(this.dir, "source.mp4");
		Ffprobe ffprobe = new Ffprobe(this.runner);
		Ffmpeg ffmpeg = new Ffmpeg(this.runner, ffprobe, new JobDirectories(this.runner.properties()));
		ProbeResult probe = ffprobe.probe(source);
		Path jobDir = Files.createDirectories(this.dir.resolve("job"));
		Path out = jobDir.resolve("export.mp4");
		ExportRequest request = new ExportRequest(0, 1000, Aspect.VERTICAL, Reframe.CENTRE_CROP, List.of(), 0, true);

		long started = System.nanoTime();
		assertThatExceptionOfType(MediaTimeoutException.class)
			.isThrownBy(() -> ffmpeg.export(source, probe, request, out, ProgressListener.NONE))
			.withMessageContaining("deadline of 7 s");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

		assertThat(Files.readAllLines(this.calls)).as("the analysis ran, then the encode started").hasSize(2);
		assertThat(elapsed).isBetween(DEADLINE.minusMillis(100), DEADLINE.plusSeconds(3));
		assertThat(MediaFixtures.liveDescendants(Duration.ofSeconds(5))).isEmpty();
		try (var left = Files.list(jobDir)) {
			assertThat(left).isEmpty();
		}
	}

}
