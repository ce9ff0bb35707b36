package com.clipworker.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.imageio.ImageIO;

import com.github.kokorin.jaffree.StreamType;
import com.github.kokorin.jaffree.ffprobe.FFprobeResult;
import com.github.kokorin.jaffree.ffprobe.SideData;
import com.github.kokorin.jaffree.ffprobe.Stream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A portrait picture stored as a phone stores it: landscape pixels plus a rotation. The
 * upright picture is 360x640, blue then yellow (a cut at 1 s), with a red box in its
 * top-left corner; each input stores it turned and says how to turn it back. Every output
 * of the worker must be upright (portrait, red box top-left) and carry no rotation of its
 * own, from probe through proxy, poster, storyboard, scene cuts, segments, preview and
 * export.
 */
class RotationIntegrationTests {

	@TempDir
	static Path dir;

	static ProcessRunner runner;

	static Ffprobe ffprobe;

	static Ffmpeg ffmpeg;

	static Path upright;

	/** How an input stores the upright picture. */
	enum Stored {

		/**
		 * What a phone writes: a display matrix that ffprobe prints as -90 (turn the
		 * stored picture 90 degrees clockwise). ffmpeg 5.1 writes that matrix for
		 * {@code rotate=270}.
		 */
		MATRIX_CLOCKWISE_90("mp4", "transpose=cclock", "rotate=270", 90, false),

		/**
		 * {@code rotate=90} remuxed by ffmpeg 5.1: a matrix ffprobe prints as +90 (turn
		 * 90 degrees counter-clockwise).
		 */
		MATRIX_COUNTER_CLOCKWISE_90("mp4", "transpose=clock", "rotate=90", 270, false),

		/** Upside down, by a matrix. */
		MATRIX_180("mp4", "hflip,vflip", "rotate=180", 180, false),

		/**
		 * A Matroska file remuxed by ffmpeg 4 from a rotated MP4: only a legacy
		 * {@code ROTATE} tag (clockwise), which ffmpeg 5.1 ignores while decoding.
		 */
		LEGACY_TAG_CLOCKWISE_90("mkv", "transpose=cclock", "ROTATE=90", 90, true);

		final String extension;

		final String turn;

		final String metadata;

		final int clockwise;

		final boolean fromTag;

		Stored(String extension, String turn, String metadata, int clockwise, boolean fromTag) {
			this.extension = extension;
			this.turn = turn;
			this.metadata = metadata;
			this.clockwise = clockwise;
			this.fromTag = fromTag;
		}

		Path make() {
			Path stored = dir.resolve(name() + "-pixels.mp4");
			MediaFixtures.ffmpeg(dir, "-i", upright.toString(), "-vf", this.turn, "-c:v", "libx264", "-preset",
					"ultrafast", "-g", "30", "-c:a", "copy", stored.toString());
			Path input = dir.resolve(name() + "." + this.extension);
			MediaFixtures.ffmpeg(dir, "-i", stored.toString(), "-map", "0", "-c", "copy", "-metadata:s:v:0",
					this.metadata, input.toString());
			return input;
		}

	}

	@BeforeAll
	static void setUp() {
		MediaProperties defaults = MediaProperties.defaults(dir.resolve("work"));
		MediaProperties properties = new MediaProperties(defaults.ffmpeg(), defaults.ffprobe(), defaults.chromium(),
				defaults.workDir(), defaults.deadline(), defaults.busyWait(), defaults.retryAfter(), 1, 2, 1,
				defaults.staleAfter(), DataSize.ofMegabytes(1), defaults.limits(), 720, 144, defaults.sceneSegment(),
				MediaProperties.ExportSettings.sizes("180x320", "240x240", "320x180"), defaults.chromiumStartTimeout(),
				defaults.renderTimeout());
		runner = new ProcessRunner(properties, new SimpleMeterRegistry());
		ffprobe = new Ffprobe(runner);
		ffmpeg = new Ffmpeg(runner, ffprobe, new JobDirectories(properties));
		upright = dir.resolve("upright.mp4");
		MediaFixtures.ffmpeg(dir, "-f", "lavfi", "-i",
				"color=c=blue:s=360x640:r=30:d=1,drawbox=x=0:y=0:w=120:h=160:c=red:t=fill", "-f", "lavfi", "-i",
				"color=c=yellow:s=360x640:r=30:d=1,drawbox=x=0:y=0:w=120:h=160:c=red:t=fill", "-f", "lavfi", "-i",
				"sine=f=440:d=2", "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0,format=yuv420p[v]", "-map", "[v]",
				"-map", "2:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", "aac", "-t", "2",
				upright.toString());
	}

	@AfterAll
	static void tearDown() {
		runner.close();
	}

	@AfterEach
	void noProcessRemains() {
		assertThat(MediaFixtures.liveDescendants(Duration.ofSeconds(5))).isEmpty();
	}

	@ParameterizedTest
	@EnumSource
	void probeReportsTheRotationAndTheDisplaySize(Stored stored) {
		Path input = stored.make();
		String sideData = MediaFixtures.run(dir, List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
				"-show_entries", "stream_side_data=side_data_type", "-of", "csv=p=0", input.toString()));
		if (stored.fromTag) {
			assertThat(sideData).doesNotContain("Display Matrix");
		}
		else {
			assertThat(sideData).contains("Display Matrix");
		}
		ProbeResult probe = ffprobe.probe(input);
		assertThat(probe.rotation()).isEqualTo(stored.clockwise);
		assertThat(probe.rotationFromTag()).isEqualTo(stored.fromTag);
		assertThat(new int[] { probe.width(), probe.height() }).containsExactly(360, 640);
		if (stored.clockwise == 180) {
			assertThat(new int[] { probe.codedWidth(), probe.codedHeight() }).containsExactly(360, 640);
		}
		else {
			assertThat(new int[] { probe.codedWidth(), probe.codedHeight() }).containsExactly(640, 360);
		}
		assertThat(ffmpeg.qualifiesForRemux(probe)).as("a rotated source is never remuxed").isFalse();
	}

	@ParameterizedTest
	@EnumSource
	void proxyAndEverythingMadeFromItAreUpright(Stored stored) throws IOException {
		Path input = stored.make();
		ProbeResult probe = ffprobe.probe(input);
		Proxy proxy = ffmpeg.proxy(input, probe, dir.resolve(stored + "-proxy.mp4"), ProgressListener.NONE);
		assertThat(proxy.remuxed()).isFalse();
		assertUprightVideo(proxy.path(), 360, 640);
		ProbeResult proxyProbe = ffprobe.probe(proxy.path());
		assertThat(proxyProbe.rotation()).isZero();
		assertThat(ffmpeg.qualifiesForRemux(proxyProbe)).isTrue();

		Path poster = ffmpeg.poster(proxy.path(), proxyProbe, 500, dir.resolve(stored + "-poster.jpg"));
		BufferedImage image = ImageIO.read(poster.toFile());
		assertThat(new int[] { image.getWidth(), image.getHeight() }).containsExactly(360, 640);
		assertUpright(image);
	}

	@ParameterizedTest
	@EnumSource
	void thumbnailsScenesSegmentsPreviewAndExportOfTheSourceAreUpright(Stored stored) throws IOException {
		Path input = stored.make();
		ProbeResult probe = ffprobe.probe(input);

		Path poster = ffmpeg.poster(input, probe, 1500, dir.resolve(stored + "-source-poster.jpg"));
		BufferedImage posterImage = ImageIO.read(poster.toFile());
		assertThat(new int[] { posterImage.getWidth(), posterImage.getHeight() }).containsExactly(360, 640);
		assertUpright(posterImage);

		Storyboard board = ffmpeg.storyboard(input, probe, dir.resolve(stored + "-board.jpg"),
				dir.resolve(stored + "-board.vtt"));
		assertThat(board.tileHeight()).isGreaterThan(board.tileWidth());
		BufferedImage sprite = ImageIO.read(board.sprite().toFile());
		assertUpright(sprite.getSubimage(0, 0, board.tileWidth(), board.tileHeight()));

		assertThat(ffmpeg.sceneCuts(input, probe, 0.3)).singleElement()
			.satisfies((cut) -> assertThat((double) cut).isCloseTo(1000, within(100.0)));

		Path segment = ffmpeg.transcodeSegment(input, probe, 1000, 1000, dir.resolve(stored + "-segment.mp4"),
				ProgressListener.NONE);
		assertUprightVideo(segment, 360, 640);

		Path preview = ffmpeg.cutPreview(input, probe, 200, 1800, dir.resolve(stored + "-preview.mp4"),
				ProgressListener.NONE);
		FFprobeResult previewInfo = ffprobe.inspect(preview);
		assertThat(video(previewInfo).getHeight()).isEqualTo(144);
		assertUprightVideo(preview, video(previewInfo).getWidth(), 144);

		ExportRequest vertical = new ExportRequest(200, 1800, Aspect.VERTICAL, Reframe.CENTRE_CROP, List.of(), 0, true);
		Path export = ffmpeg.export(input, probe, vertical, dir.resolve(stored + "-export.mp4"), ProgressListener.NONE);
		assertUprightVideo(export, 180, 320);
	}

	/**
	 * A video with no rotation of its own, of this size, whose first frame is upright.
	 */
	private static void assertUprightVideo(Path mp4, int width, int height) throws IOException {
		FFprobeResult info = ffprobe.inspect(mp4);
		Stream video = video(info);
		assertThat(new int[] { video.getWidth(), video.getHeight() }).containsExactly(width, height);
		List<SideData> sideData = (video.getSideDataList() != null) ? video.getSideDataList() : List.of();
		assertThat(sideData).as("side data of %s", mp4.getFileName())
			.noneMatch((data) -> "Display Matrix".equals(data.getSideDataType()));
		assertThat(video.getTag("rotate")).isNull();
		Path frame = dir.resolve(mp4.getFileName() + ".png");
		MediaFixtures.ffmpeg(dir, "-noautorotate", "-i", mp4.toString(), "-frames:v", "1", frame.toString());
		assertUpright(ImageIO.read(frame.toFile()));
	}

	private static void assertUpright(BufferedImage image) {
		int w = image.getWidth();
		int h = image.getHeight();
		assertThat(isRed(image.getRGB(w / 10, h / 10))).as("red box top-left").isTrue();
		assertThat(isRed(image.getRGB(w - 1 - w / 10, h / 10))).as("top-right").isFalse();
		assertThat(isRed(image.getRGB(w / 10, h - 1 - h / 10))).as("bottom-left").isFalse();
		assertThat(isRed(image.getRGB(w - 1 - w / 10, h - 1 - h / 10))).as("bottom-right").isFalse();
	}

	private static Stream video(FFprobeResult result) {
		return result.getStreams()
			.stream()
			.filter((stream) -> stream.getCodecType() == StreamType.VIDEO)
			.findFirst()
			.orElseThrow();
	}

	private static boolean isRed(int rgb) {
		int r = (rgb >> 16) & 0xFF;
		int g = (rgb >> 8) & 0xFF;
		int b = rgb & 0xFF;
		return r > 180 && g < 80 && b < 80;
	}

}
