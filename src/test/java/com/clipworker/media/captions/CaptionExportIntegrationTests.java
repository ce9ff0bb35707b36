package com.clipworker.media.captions;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Words to a captioned export, end to end: layout, Chromium rendering of the distinct
 * states, and the overlay at their times in the composed video.
 */
class CaptionExportIntegrationTests {

	@TempDir
	Path dir;

	@Test
	void theActiveWordIsHighlightedInTheExportAtItsTime() throws IOException {
		MediaProperties defaults = MediaProperties.defaults(this.dir.resolve("work"));
		MediaProperties small = new MediaProperties(defaults.ffmpeg(), defaults.ffprobe(), defaults.chromium(),
				defaults.workDir(), defaults.deadline(), defaults.busyWait(), defaults.retryAfter(), 0, 0, 0,
				defaults.staleAfter(), defaults.minFreeDisk(), defaults.limits(), 720, 480, defaults.sceneSegment(),
				MediaProperties.ExportSettings.sizes("360x640", "360x360", "640x360"), defaults.chromiumStartTimeout(),
				defaults.renderTimeout());
		ProcessRunner runner = new ProcessRunner(small, new SimpleMeterRegistry());
		try (runner; Chromium chromium = new Chromium(runner)) {
			Ffprobe ffprobe = new Ffprobe(runner);
			Ffmpeg ffmpeg = new Ffmpeg(runner, ffprobe, new JobDirectories(small));
			Path source = MediaFixtures.scenes(this.dir, "source.mp4");
			ProbeResult probe = ffprobe.probe(source);
			CaptionLayout layout = new CaptionLayout(CaptionLayout.Options.defaults());
			List<Word> words = List.of(new Word("one", 500, 900), new Word("two", 1000, 1400),
					new Word("three", 1500, 2400));
			List<CaptionState> states = layout.states(layout.pages(words, 500, 2500));
			CaptionStyle style = CaptionStyle.BOLD_POP;
			CaptionStyle.Band band = style.band(360, 640);
			List<TimedImage> images = new CaptionRenderer(chromium, runner).render(states, style, band, this.dir);
			assertThat(images).extracting(TimedImage::startMs).containsExactly(0L, 500L, 1000L);
			Path out = ffmpeg.export(source, probe,
					new ExportRequest(500, 2500, Aspect.VERTICAL, Reframe.BLURRED_PAD, images, band.y(), false),
					this.dir.resolve("final.mp4"), ProgressListener.NONE);
			double early = highlightCentroid(frameAt(out, "0.2"), band);
			double late = highlightCentroid(frameAt(out, "1.7"), band);
			assertThat(early).as("'one' active, left").isLessThan(180);
			assertThat(late).as("'three' active, right").isGreaterThan(180);
		}
		assertThat(MediaFixtures.liveDescendants(Duration.ofSeconds(10))).isEmpty();
	}

	private BufferedImage frameAt(Path video, String seconds) throws IOException {
		Path png = this.dir.resolve("frame-" + seconds + ".png");
		MediaFixtures.ffmpeg(this.dir, "-ss", seconds, "-i", video.toString(), "-frames:v", "1", png.toString());
		return ImageIO.read(png.toFile());
	}

	private static double highlightCentroid(BufferedImage frame, CaptionStyle.Band band) {
		long sum = 0;
		long count = 0;
		for (int y = band.y(); y < band.y() + band.height(); y++) {
			for (int x = 0; x < frame.getWidth(); x++) {
				int rgb = frame.getRGB(x, y);
				int r = (rgb >> 16) & 0xFF;
				int g = (rgb >> 8) & 0xFF;
				int b = rgb & 0xFF;
				if (r > 220 && g > 180 && g < 235 && b < 80) {
					sum += x;
					count++;
				}
			}
		}
		assertThat(count).as("highlight pixels in the band").isGreaterThan(30);
		return (double) sum / count;
	}

}
