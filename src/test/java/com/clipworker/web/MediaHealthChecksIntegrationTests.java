package com.clipworker.web;

import java.nio.file.Path;
import java.time.Duration;

import com.clipworker.media.MediaProperties;
import com.clipworker.media.ProcessRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The media health checks against the real binaries: ffmpeg essential, Chromium optional
 * and checked by its version only; a missing binary makes the check fail.
 */
class MediaHealthChecksIntegrationTests {

	@TempDir
	Path dir;

	ProcessRunner runner;

	@AfterEach
	void tearDown() {
		this.runner.close();
	}

	@Test
	void ffmpegIsEssentialAndChromiumOptional() throws Exception {
		MediaProperties properties = MediaProperties.defaults(this.dir);
		this.runner = new ProcessRunner(properties, new SimpleMeterRegistry());
		MediaHealthChecks checks = new MediaHealthChecks();
		DependencyCheck ffmpeg = checks.ffmpegCheck(this.runner, properties);
		DependencyCheck chromium = checks.chromiumCheck(this.runner, properties);
		assertThat(ffmpeg.name()).isEqualTo("ffmpeg");
		assertThat(ffmpeg.essential()).isTrue();
		assertThat((String) ffmpeg.probe().call()).startsWith("ffmpeg version");
		assertThat(chromium.name()).isEqualTo("chromium");
		assertThat(chromium.essential()).isFalse();
		assertThat((String) chromium.probe().call()).startsWith("Chromium");
	}

	@Test
	void aMissingBinaryFailsTheCheck() {
		MediaProperties defaults = MediaProperties.defaults(this.dir);
		MediaProperties missing = new MediaProperties(Path.of("/nonexistent/ffmpeg"), defaults.ffprobe(),
				defaults.chromium(), this.dir, defaults.deadline(), Duration.ofSeconds(1), defaults.retryAfter(), 0, 0,
				0, defaults.staleAfter(), defaults.minFreeDisk(), defaults.limits(), 720, 480, defaults.sceneSegment(),
				defaults.export(), defaults.chromiumStartTimeout(), defaults.renderTimeout());
		this.runner = new ProcessRunner(missing, new SimpleMeterRegistry());
		DependencyCheck ffmpeg = new MediaHealthChecks().ffmpegCheck(this.runner, missing);
		assertThatException().isThrownBy(() -> ffmpeg.probe().call()).withMessageContaining("ffmpeg");
	}

}
