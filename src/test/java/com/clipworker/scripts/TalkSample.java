package com.clipworker.scripts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one generator of the talk-like test video: {@code scripts/make-sample}, run once
 * per length and build into {@code target/samples/<seconds>s}.
 */
public final class TalkSample {

	private TalkSample() {
	}

	/**
	 * A 360p talk-like sample with speech and a matching sidecar.
	 * @param seconds the length
	 * @return the directory holding {@code sample.mp4} and {@code sample.srt}
	 */
	public static Path make(int seconds) throws IOException, InterruptedException {
		Path dir = Path.of("target", "samples", seconds + "s").toAbsolutePath();
		Process process = new ProcessBuilder("scripts/make-sample", dir.toString(), Integer.toString(seconds))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("make-sample finishes").isTrue();
		assertThat(process.exitValue()).as("make-sample exit code").isZero();
		assertThat(dir.resolve("sample.mp4")).exists();
		assertThat(dir.resolve("sample.srt")).exists();
		return dir;
	}

}
