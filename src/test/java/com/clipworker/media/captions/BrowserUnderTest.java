package com.clipworker.media.captions;

import java.nio.file.Path;
import java.time.Duration;

import com.clipworker.media.MediaFixtures;
import com.clipworker.media.ProcessRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process runner, its warm browser and a caption renderer, shared by one test class;
 * closing them checks that no process outlived them.
 *
 * @param work the media work directory
 * @param runner the runner
 * @param chromium the browser
 * @param renderer the renderer
 */
record BrowserUnderTest(Path work, ProcessRunner runner, Chromium chromium,
		CaptionRenderer renderer) implements AutoCloseable {

	static BrowserUnderTest start(Path work) {
		ProcessRunner runner = MediaFixtures.runner(work);
		Chromium chromium = new Chromium(runner);
		return new BrowserUnderTest(work, runner, chromium, new CaptionRenderer(chromium, runner));
	}

	@Override
	public void close() {
		this.chromium.close();
		this.runner.close();
		assertThat(MediaFixtures.liveDescendants(Duration.ofSeconds(10))).isEmpty();
	}

}
