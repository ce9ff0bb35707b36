package com.clipworker.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overhead of an operation through the worker (runner, slots, drains, hardened arguments,
 * parsing) against the same ffmpeg command run bare, medians of 5 runs on a 10 s 640x360
 * source. Run with
 * {@code ./mvnw -B -ntp test -Dtest=OverheadBenchmarkTests -Dexcluded.test.groups=slow};
 * results in the log and {@code target/benchmarks/overhead.txt}.
 */
@Tag("benchmark")
class OverheadBenchmarkTests {

	private static final Logger logger = LoggerFactory.getLogger(OverheadBenchmarkTests.class);

	private static final int RUNS = 5;

	@TempDir
	Path dir;

	@Test
	void workerAgainstBareFfmpeg() throws IOException {
		Path source = this.dir.resolve("source.mp4");
		MediaFixtures.ffmpeg(this.dir, "-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=10", "-f", "lavfi", "-i",
				"sine=f=300:d=10", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", source.toString());
		List<String> report = new ArrayList<>();
		try (ProcessRunner runner = MediaFixtures.runner(this.dir.resolve("work"))) {
			Ffprobe ffprobe = new Ffprobe(runner);
			Ffmpeg ffmpeg = new Ffmpeg(runner, ffprobe, new JobDirectories(runner.properties()));
			ProbeResult probe = ffprobe.probe(source);
			String in = source.toString();
			compare(report, "probe", () -> ffprobe.probe(source),
					List.of("ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", in));
			compare(report, "poster", () -> ffmpeg.poster(source, probe, 5000, this.dir.resolve("p.jpg")),
					List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-ss", "5", "-i", in, "-frames:v", "1",
							"-vf", "scale=-2:360", "-q:v", "3", this.dir.resolve("p-bare.jpg").toString()));
			compare(report, "speech audio", () -> ffmpeg.extractSpeechAudio(source, probe, this.dir.resolve("a.ogg")),
					List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-i", in, "-vn", "-ac", "1", "-ar",
							"16000", "-c:a", "libopus", "-b:a", "24k", "-application", "voip",
							this.dir.resolve("a-bare.ogg").toString()));
			compare(report, "silences", () -> ffmpeg.silences(source, probe, -35, 500), List.of("ffmpeg", "-nostdin",
					"-loglevel", "info", "-i", in, "-vn", "-af", "silencedetect=noise=-35dB:d=0.5", "-f", "null", "-"));
			compare(report, "preview 480p",
					() -> ffmpeg.cutPreview(source, probe, 1000, 7000, this.dir.resolve("prev.mp4"),
							ProgressListener.NONE),
					List.of("ffmpeg", "-nostdin", "-y", "-loglevel", "error", "-ss", "1", "-t", "6", "-i", in, "-vf",
							"scale=-2:360,format=yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-crf", "26",
							"-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart",
							this.dir.resolve("prev-bare.mp4").toString()));
		}
		Files.createDirectories(Path.of("target/benchmarks"));
		Files.write(Path.of("target/benchmarks/overhead.txt"), report);
	}

	private void compare(List<String> report, String name, Supplier<?> worker, List<String> bare) {
		worker.get();
		MediaFixtures.run(this.dir, bare);
		List<Double> workerMs = new ArrayList<>();
		List<Double> bareMs = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			long t0 = System.nanoTime();
			worker.get();
			workerMs.add((System.nanoTime() - t0) / 1e6);
			long t1 = System.nanoTime();
			MediaFixtures.run(this.dir, bare);
			bareMs.add((System.nanoTime() - t1) / 1e6);
		}
		double w = median(workerMs);
		double b = median(bareMs);
		String line = String.format(Locale.ROOT, "%-14s worker %8.1f ms  bare %8.1f ms  ratio %.3f  diff %+7.1f ms",
				name, w, b, w / b, w - b);
		report.add(line);
		logger.info("benchmark {}", line);
	}

	private static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(Double::compare);
		return sorted.get(sorted.size() / 2);
	}

}
