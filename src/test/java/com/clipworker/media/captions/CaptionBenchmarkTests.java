package com.clipworker.media.captions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.clipworker.media.Aspect;
import com.clipworker.media.ExportRequest;
import com.clipworker.media.Ffmpeg;
import com.clipworker.media.Ffprobe;
import com.clipworker.media.JobDirectories;
import com.clipworker.media.MediaFixtures;
import com.clipworker.media.MediaProperties;
import com.clipworker.media.ProbeResult;
import com.clipworker.media.ProcessRunner;
import com.clipworker.media.ProgressListener;
import com.clipworker.media.Reframe;
import com.clipworker.media.TimedImage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caption cost on fixed inputs (30 fps, 2.5 words per second, 1080x1920 exports):
 * Chromium start-up, time per screenshot, distinct-state rendering against one screenshot
 * per frame, and the whole export with and without captions. Run with
 * {@code ./mvnw -B -ntp verify -Pbenchmark -Dtest=CaptionBenchmarkTests
 * -Dsurefire.failIfNoSpecifiedTests=false}, optionally with another export encoder
 * ({@code -Dbench.export-preset=superfast -Dbench.export-crf=21}); results go to the log
 * and {@code target/benchmarks/captions.txt}.
 */
@Tag("benchmark")
class CaptionBenchmarkTests {

	private static final Logger logger = LoggerFactory.getLogger(CaptionBenchmarkTests.class);

	@TempDir
	Path dir;

	private final List<String> report = new ArrayList<>();

	@Test
	void distinctStatesAgainstOneScreenshotPerFrame() throws IOException {
		MediaProperties defaults = MediaProperties.defaults(this.dir.resolve("work"));
		MediaProperties.ExportSettings encoder = defaults.export()
			.withEncoder(System.getProperty("bench.export-preset", defaults.export().preset()),
					Integer.getInteger("bench.export-crf", defaults.export().crf()));
		ProcessRunner runner = new ProcessRunner(defaults.withExport(encoder), new SimpleMeterRegistry());
		record("export encoder: x264 " + encoder.preset() + ", CRF", encoder.crf());
		try (runner; Chromium chromium = new Chromium(runner)) {
			CaptionRenderer renderer = new CaptionRenderer(chromium, runner);
			Ffprobe ffprobe = new Ffprobe(runner);
			Ffmpeg ffmpeg = new Ffmpeg(runner, ffprobe, new JobDirectories(runner.properties()));
			CaptionStyle style = CaptionStyle.BOLD_POP;
			CaptionStyle.Band band = style.band(1080, 1920);
			long t0 = System.nanoTime();
			renderer.render(List.of(new CaptionState(List.of(List.of("warm")), 0, 0, 100)), style, band, this.dir);
			record("chromium start + first render (ms)", ms(t0));
			Path source = this.dir.resolve("source.mp4");
			MediaFixtures.ffmpeg(this.dir, "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=60", "-f", "lavfi", "-i",
					"sine=f=300:d=60", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", source.toString());
			ProbeResult probe = ffprobe.probe(source);
			for (int seconds : new int[] { 30, 60 }) {
				CaptionLayout layout = new CaptionLayout(CaptionLayout.Options.defaults());
				List<CaptionState> states = layout.states(layout.pages(words(seconds), 0, seconds * 1000L));
				Path distinctDir = Files.createDirectories(this.dir.resolve("distinct-" + seconds));
				long r0 = System.nanoTime();
				List<TimedImage> distinct = renderer.render(states, style, band, distinctDir);
				double distinctRender = ms(r0);
				long shots = distinct.stream().map(TimedImage::png).distinct().count();
				Path frameDir = Files.createDirectories(this.dir.resolve("frames-" + seconds));
				long f0 = System.nanoTime();
				List<TimedImage> frames = perFrame(renderer, states, style, band, frameDir, seconds);
				double frameRender = ms(f0);
				record(seconds + " s: distinct screenshots", shots);
				record(seconds + " s: per-frame screenshots", frames.size());
				record(seconds + " s: distinct render (ms)", distinctRender);
				record(seconds + " s: per-frame render (ms)", frameRender);
				record(seconds + " s: ms per screenshot (distinct)", distinctRender / shots);
				double plain = export(ffmpeg, source, probe, seconds, List.of(), band, "plain");
				double withDistinct = export(ffmpeg, source, probe, seconds, distinct, band, "distinct");
				double withFrames = export(ffmpeg, source, probe, seconds, frames, band, "frames");
				record(seconds + " s: export without captions (ms)", plain);
				record(seconds + " s: export with distinct states (ms)", withDistinct);
				record(seconds + " s: export with per-frame PNGs (ms)", withFrames);
				record(seconds + " s: whole captioned export, distinct (render + export, ms)",
						distinctRender + withDistinct);
				record(seconds + " s: whole captioned export, per frame (render + export, ms)",
						frameRender + withFrames);
				assertThat((long) frames.size()).isGreaterThanOrEqualTo(10 * shots);
			}
		}
		Files.createDirectories(Path.of("target/benchmarks"));
		Files.write(Path.of("target/benchmarks/captions.txt"), this.report);
	}

	/**
	 * Where a state's render time goes: the whole state (its script, then the screenshot)
	 * against the screenshot alone, and the same states split over two browsers at once.
	 */
	@Test
	void screenshotParts() throws Exception {
		ProcessRunner runner = MediaFixtures.runner(this.dir.resolve("work"));
		try (runner; Chromium one = new Chromium(runner); Chromium two = new Chromium(runner)) {
			CaptionStyle style = CaptionStyle.BOLD_POP;
			CaptionStyle.Band band = style.band(1080, 1920);
			CaptionLayout layout = new CaptionLayout(CaptionLayout.Options.defaults());
			List<CaptionState> states = layout.states(layout.pages(words(30), 0, 30_000L));
			CaptionRenderer first = new CaptionRenderer(one, runner);
			CaptionRenderer second = new CaptionRenderer(two, runner);
			first.load(style, band);
			second.load(style, band);
			Path out = Files.createDirectories(this.dir.resolve("parts"));
			first.renderState(states.get(0), band, out.resolve("warm.png"));
			second.renderState(states.get(0), band, out.resolve("warm.png"));
			long w0 = System.nanoTime();
			for (int i = 0; i < states.size(); i++) {
				first.renderState(states.get(i), band, out.resolve("state-" + i + ".png"));
			}
			double whole = ms(w0);
			long s0 = System.nanoTime();
			for (int i = 0; i < states.size(); i++) {
				one.screenshot(band.width(), band.height(), out.resolve("shot-" + i + ".png"));
			}
			double shots = ms(s0);
			int half = states.size() / 2;
			long p0 = System.nanoTime();
			java.util.concurrent.CompletableFuture<Void> other = java.util.concurrent.CompletableFuture.runAsync(() -> {
				for (int i = half; i < states.size(); i++) {
					second.renderState(states.get(i), band, out.resolve("b-" + i + ".png"));
				}
			});
			for (int i = 0; i < half; i++) {
				first.renderState(states.get(i), band, out.resolve("a-" + i + ".png"));
			}
			other.get();
			double parallel = ms(p0);
			record("parts: states", states.size());
			record("parts: whole states, one browser (ms)", whole);
			record("parts: ms per state (script + screenshot)", whole / states.size());
			record("parts: ms per screenshot alone", shots / states.size());
			record("parts: the same states over two browsers at once (ms)", parallel);
			assertThat(shots).isPositive();
		}
		Files.createDirectories(Path.of("target/benchmarks"));
		Files.write(Path.of("target/benchmarks/caption-parts.txt"), this.report);
	}

	private List<TimedImage> perFrame(CaptionRenderer renderer, List<CaptionState> states, CaptionStyle style,
			CaptionStyle.Band band, Path frameDir, int seconds) {
		List<TimedImage> frames = new ArrayList<>();
		renderer.load(style, band);
		int count = seconds * 30;
		CaptionState empty = new CaptionState(List.of(), 0, 0, 0);
		for (int f = 0; f < count; f++) {
			long start = f * 1000L / 30;
			long end = (f + 1) * 1000L / 30;
			CaptionState state = states.stream()
				.filter((s) -> s.startMs() <= start && start < s.endMs())
				.findFirst()
				.orElse(empty);
			Path png = frameDir.resolve(String.format(Locale.ROOT, "frame-%05d.png", f));
			renderer.renderState(state, band, png);
			frames.add(new TimedImage(png, start, end));
		}
		return frames;
	}

	private double export(Ffmpeg ffmpeg, Path source, ProbeResult probe, int seconds, List<TimedImage> captions,
			CaptionStyle.Band band, String name) {
		Path outDir = captions.isEmpty() ? this.dir : captions.get(0).png().getParent();
		long t0 = System.nanoTime();
		ffmpeg.export(source, probe,
				new ExportRequest(0, seconds * 1000L, Aspect.VERTICAL, Reframe.CENTRE_CROP, captions, band.y(), false),
				outDir.resolve("export-" + name + "-" + seconds + ".mp4"), ProgressListener.NONE);
		return ms(t0);
	}

	/** 2.5 words per second with a 1 s pause every 12 words. */
	static List<Word> words(int seconds) {
		List<String> vocabulary = Arrays.asList(("so here is the thing nobody tells you about making short videos "
				+ "that people actually watch until the very end, and it is simpler than you think.")
			.split(" "));
		List<Word> words = new ArrayList<>();
		long t = 0;
		int i = 0;
		while (t + 400 <= seconds * 1000L) {
			words.add(new Word(vocabulary.get(i % vocabulary.size()), t, t + 330));
			t += 400;
			if (++i % 12 == 0) {
				t += 800;
			}
		}
		return words;
	}

	private void record(String name, double value) {
		String line = String.format(Locale.ROOT, "%-62s %10.1f", name, value);
		this.report.add(line);
		logger.info("benchmark {}", line);
	}

	private static double ms(long startNanos) {
		return (System.nanoTime() - startNanos) / 1e6;
	}

}
