package com.clipworker.media;

import com.clipworker.media.captions.CaptionRenderer;
import com.clipworker.media.captions.Chromium;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the media capability: one process runner per worker, the ffprobe and ffmpeg front
 * ends, the job directories (swept of stale ones at start-up).
 */
@Configuration(proxyBeanMethods = false)
class MediaConfiguration {

	/**
	 * Closed with the context, after graceful shutdown has let in-flight steps finish;
	 * not by a JVM shutdown hook, which would kill their processes at the first signal.
	 */
	@Bean
	ProcessRunner processRunner(MediaProperties properties, MeterRegistry registry) {
		return new ProcessRunner(properties, registry).closedByOwner();
	}

	@Bean
	JobDirectories jobDirectories(MediaProperties properties) {
		JobDirectories directories = new JobDirectories(properties);
		directories.sweepStale();
		return directories;
	}

	@Bean
	Ffprobe ffprobe(ProcessRunner runner) {
		return new Ffprobe(runner);
	}

	@Bean
	Chromium captionBrowser(ProcessRunner runner) {
		return new Chromium(runner);
	}

	@Bean
	CaptionRenderer captionRenderer(Chromium chromium, ProcessRunner runner) {
		return new CaptionRenderer(chromium, runner);
	}

	@Bean
	Ffmpeg ffmpeg(ProcessRunner runner, Ffprobe ffprobe, JobDirectories directories) {
		return new Ffmpeg(runner, ffprobe, directories);
	}

}
