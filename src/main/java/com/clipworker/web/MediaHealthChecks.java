package com.clipworker.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.clipworker.media.MediaProperties;
import com.clipworker.media.ProcessKind;
import com.clipworker.media.ProcessRequest;
import com.clipworker.media.ProcessRunner;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health of the media binaries: {@code ffmpeg} is essential ({@code ffmpeg -version}),
 * {@code chromium} optional ({@code chromium --version}, never a browser launch). Both
 * run through the {@link ProcessRunner} in its own check slots, so a busy worker still
 * answers. {@code clipworker.media.health.enabled=false} leaves them out (tests that fake
 * their own checks).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "clipworker.media.health", name = "enabled", matchIfMissing = true)
class MediaHealthChecks {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Bean
	DependencyCheck ffmpegCheck(ProcessRunner runner, MediaProperties properties) {
		return DependencyCheck.essential("ffmpeg", () -> version(runner, properties.ffmpeg(), "-version"));
	}

	@Bean
	DependencyCheck chromiumCheck(ProcessRunner runner, MediaProperties properties) {
		return DependencyCheck.optional("chromium", () -> version(runner, properties.chromium(), "--version"));
	}

	private static String version(ProcessRunner runner, Path binary, String flag) throws Exception {
		Path dir = Files.createDirectories(runner.properties().workDir());
		return runner.run(ProcessRequest.of(ProcessKind.CHECK, List.of(binary.toString(), flag), dir, TIMEOUT))
			.stdout()
			.lines()
			.findFirst()
			.orElse("");
	}

}
