package com.clipworker.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;

import com.github.kokorin.jaffree.StreamType;
import com.github.kokorin.jaffree.ffprobe.FFprobeResult;
import com.github.kokorin.jaffree.ffprobe.Stream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each ffmpeg operation on a generated 3 s, 320x180 source with scene cuts at 1 s and 2 s
 * and a tone that pauses every second; outputs checked by probing them.
 */
class FfmpegIntegrationTests {

	private static final double FRAME_MS = 1000.0 / 30;

	@TempDir
	static Path dir;

	static ProcessRunner runner;

	static Ffprobe ffprobe;

	static MediaProperties small;

	static Ffmpeg ffmpeg;

	static Path source;

	static ProbeResult probe;

	@BeforeAll
	static void setUp() {
		MediaProperties defaults = MediaProperties.defaults(dir.resolve("work"));
		small = new MediaProperties(defaults.ffmpeg(), defaults.ffprobe(), defaults.chromium(), defaults.workDir(),
				defaults.deadline(), defaults.busyWait(), defaults.retryAfter(), 1, 2, 1, defaults.staleAfter(),
				DataSize.ofMegabytes(1), defaults.limits(), 144, 144, Duration.ofMillis(1500),
				MediaProperties.ExportSettings.sizes("180x320", "240x240", "320x180"), defaults.chromiumStartTimeout(),
				defaults.renderTimeout());
		runner = new ProcessRunner(small, new SimpleMeterRegistry());
		ffprobe = new Ffprobe(runner);
		ffmpeg = new Ffmpeg(runner, ffprobe, new JobDirectories(small));
		source = MediaFixtures.scenes(dir, "source.mp4");
		probe = ffprobe.probe(source);
	}

	@AfterAll
	static void tearDown() {
		runner.close();
	}

	@AfterEach
	void noProcessRemains() {
		assertThat(MediaFixtures.liveDescendants(Duration.ofSeconds(5))).isEmpty();
	}

	@Test
	void proxyOfQualifyingSourceIsARemuxWithFaststart() throws IOException {
		Path qualifying = dir.resolve("small.mp4");
		MediaFixtures.ffmpeg(dir, "-i", source.toString(), "-vf", "scale=-2:144", "-c:v", "libx264", "-preset",
				"ultrafast", "-c:a", "copy", qualifying.toString());
		ProbeResult small = ffprobe.probe(qualifying);
		Proxy proxy = ffmpeg.proxy(qualifying, small, dir.resolve("remuxed.mp4"), ProgressListener.NONE);
		assertThat(proxy.remuxed()).isTrue();
		assertFaststartH264Aac(proxy.path(), 256, 144, small.durationMs());
	}

	@Test
	void proxyOfOtherSourceIsATranscodeWithProgress() throws IOException {
		List<Double> fractions = new CopyOnWriteArrayList<>();
		Proxy proxy = ffmpeg.proxy(source, probe, dir.resolve("proxy.mp4"), fractions::add);
		assertThat(proxy.remuxed()).isFalse();
		assertFaststartH264Aac(proxy.path(), 256, 144, probe.durationMs());
		assertThat(fractions).isNotEmpty().isSorted().last().isEqualTo(1.0);
		assertThat(fractions).allSatisfy((f) -> assertThat(f).isBetween(0.0, 1.0));
	}

	@Test
	void segmentsJoinWithoutGapsAndAudioEncodedOnce() throws IOException {
		Path first = ffmpeg.transcodeSegment(source, probe, 0, 1500, dir.resolve("seg-0.mp4"), ProgressListener.NONE);
		Path second = ffmpeg.transcodeSegment(source, probe, 1500, 1500, dir.resolve("seg-1.mp4"),
				ProgressListener.NONE);
		Path audio = ffmpeg.proxyAudio(source, probe, dir.resolve("seg-audio.m4a"));
		Proxy joined = ffmpeg.joinSegments(List.of(first, second), audio, dir.resolve("joined.mp4"));
		assertFaststartH264Aac(joined.path(), 256, 144, probe.durationMs());
		FFprobeResult result = ffprobe.inspect(joined.path());
		Stream video = stream(result, StreamType.VIDEO);
		assertThat(video.getNbFrames()).isEqualTo(90);
		assertThat(dir.resolve("joined.mp4.ffconcat")).doesNotExist();
	}

	@Test
	void speechAudioIsMonoOpusAt16kHzAndSplitsIntoOverlappingChunksUnderBudget() throws IOException {
		Path audio = ffmpeg.extractSpeechAudio(source, probe, dir.resolve("speech.ogg"));
		Stream stream = stream(ffprobe.inspect(audio), StreamType.AUDIO);
		assertThat(stream.getCodecName()).isEqualTo("opus");
		assertThat(stream.getChannels()).isEqualTo(1);
		long size = Files.size(audio);
		List<AudioChunk> whole = ffmpeg.splitAudioChunks(audio, size, 200);
		assertThat(whole).singleElement().extracting(AudioChunk::path).isEqualTo(audio);
		long budget = size / 2;
		List<AudioChunk> chunks = ffmpeg.splitAudioChunks(audio, budget, 200);
		assertThat(chunks).hasSizeGreaterThan(2);
		assertThat(chunks.get(0).startMs()).isZero();
		for (int i = 0; i < chunks.size(); i++) {
			AudioChunk chunk = chunks.get(i);
			assertThat(Files.size(chunk.path())).isLessThanOrEqualTo(budget);
			if (i > 0) {
				AudioChunk previous = chunks.get(i - 1);
				assertThat(previous.startMs() + previous.durationMs() - chunk.startMs()).isEqualTo(200);
			}
		}
		AudioChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.startMs() + last.durationMs()).isCloseTo(probe.durationMs(), within(100L));
	}

	@Test
	void posterIsOneJpegFrame() throws IOException {
		Path poster = ffmpeg.poster(source, probe, 1500, dir.resolve("poster.jpg"));
		BufferedImage image = ImageIO.read(poster.toFile());
		assertThat(image.getWidth()).isEqualTo(256);
		assertThat(image.getHeight()).isEqualTo(144);
	}

	@Test
	void storyboardSpriteMatchesItsVttCoordinates() throws IOException {
		Storyboard board = ffmpeg.storyboard(source, probe, dir.resolve("storyboard.jpg"),
				dir.resolve("storyboard.vtt"));
		assertThat(board.count()).isEqualTo(3);
		assertThat(board.intervalMs()).isEqualTo(1000);
		BufferedImage sprite = ImageIO.read(board.sprite().toFile());
		assertThat(sprite.getWidth()).isEqualTo(board.columns() * 160);
		assertThat(sprite.getHeight()).isEqualTo(board.rows() * 90);
		List<String> lines = Files.readAllLines(board.vtt());
		assertThat(lines.get(0)).isEqualTo("WEBVTT");
		assertThat(lines).contains("00:00:00.000 --> 00:00:01.000", "storyboard.jpg#xywh=0,0,160,90",
				"00:00:02.000 --> 00:00:03.000", "storyboard.jpg#xywh=320,0,160,90");
		// Each tile shows its own scene: the bars' top-left is not the test pattern's.
		assertThat(sprite.getRGB(165, 10)).isNotEqualTo(sprite.getRGB(5, 10));
	}

	@Test
	void sceneCutsAreFoundWithinATenthOfASecondAcrossSegments() {
		List<Long> cuts = ffmpeg.sceneCuts(source, probe, 0.3);
		assertThat(cuts).hasSize(MediaFixtures.SCENE_CUTS.size());
		for (int i = 0; i < cuts.size(); i++) {
			assertThat(cuts.get(i)).isCloseTo(MediaFixtures.SCENE_CUTS.get(i), within(100L));
		}
	}

	@Test
	void silencesAreTheGeneratedPauses() {
		List<Silence> silences = ffmpeg.silences(source, probe, -35, 300);
		assertThat(silences).hasSize(3);
		assertThat(silences.get(0).startMs()).isCloseTo(600L, within(60L));
		assertThat(silences.get(0).endMs()).isCloseTo(1000L, within(60L));
		assertThat(silences.get(1).startMs()).isCloseTo(1600L, within(60L));
	}

	@Test
	void loudnessHasSummaryAndOneSamplePerSecond() {
		Loudness loudness = ffmpeg.loudness(source, probe);
		assertThat(loudness.integratedLufs()).isBetween(-30.0, -5.0);
		assertThat(loudness.truePeakDbfs()).isBetween(-12.0, 0.0);
		assertThat(loudness.rangeLu()).isNotNaN();
		assertThat(loudness.samples()).hasSizeBetween(2, 3);
		assertThat(loudness.samples().get(0).timeMs()).isCloseTo(1000L, within(50L));
	}

	@Test
	void previewIsFrameAccurateAndSmall() throws IOException {
		Path preview = ffmpeg.cutPreview(source, probe, 500, 2000, dir.resolve("preview.mp4"), ProgressListener.NONE);
		assertFaststartH264Aac(preview, 256, 144, 1500);
	}

	@Test
	void exportReframesToVerticalWithCaptionsAndLoudness() throws IOException {
		BufferedImage red = new BufferedImage(180, 60, BufferedImage.TYPE_INT_ARGB);
		for (int x = 0; x < 180; x++) {
			for (int y = 0; y < 60; y++) {
				red.setRGB(x, y, 0xFFFF0000);
			}
		}
		Path caption = dir.resolve("cap-red.png");
		ImageIO.write(red, "png", caption.toFile());
		ExportRequest request = new ExportRequest(500, 2500, Aspect.VERTICAL, Reframe.CENTRE_CROP,
				List.of(new TimedImage(caption, 1000, 1500)), 200, true);
		Path out = ffmpeg.export(source, probe, request, dir.resolve("export.mp4"), ProgressListener.NONE);
		assertFaststartH264Aac(out, 180, 320, 2000);
		Path during = dir.resolve("during.png");
		Path before = dir.resolve("before.png");
		MediaFixtures.ffmpeg(dir, "-ss", "1.2", "-i", out.toString(), "-frames:v", "1", during.toString());
		MediaFixtures.ffmpeg(dir, "-ss", "0.5", "-i", out.toString(), "-frames:v", "1", before.toString());
		assertThat(isRed(ImageIO.read(during.toFile()).getRGB(90, 230))).isTrue();
		assertThat(isRed(ImageIO.read(before.toFile()).getRGB(90, 230))).isFalse();
		ProbeResult exported = ffprobe.probe(out);
		assertThat(ffmpeg.loudness(out, exported).integratedLufs()).isCloseTo(-14.0, within(2.0));
		assertThat(dir.resolve("export.mp4.captions.ffconcat")).doesNotExist();
		assertThat(dir.resolve("export.mp4.blank.png")).doesNotExist();
	}

	@Test
	void exportWithBlurredPadKeepsTheWholeFrame() throws IOException {
		ExportRequest request = new ExportRequest(0, 1000, Aspect.SQUARE, Reframe.BLURRED_PAD, List.of(), 0, false);
		Path out = ffmpeg.export(source, probe, request, dir.resolve("square.mp4"), ProgressListener.NONE);
		assertFaststartH264Aac(out, 240, 240, 1000);
	}

	@Test
	void exportEncodesWithTheConfiguredPresetAndCrf() throws IOException {
		ExportRequest request = new ExportRequest(0, 1000, Aspect.VERTICAL, Reframe.CENTRE_CROP, List.of(), 0, false);
		Path shipped = ffmpeg.export(source, probe, request, dir.resolve("shipped.mp4"), ProgressListener.NONE);
		assertThat(x264Options(shipped)).contains("crf=20.0", "me=hex", "subme=2");
		MediaProperties superfast = small.withExport(small.export().withEncoder("superfast", 23));
		Path fast;
		try (ProcessRunner fasterRunner = new ProcessRunner(superfast, new SimpleMeterRegistry())) {
			Ffmpeg faster = new Ffmpeg(fasterRunner, new Ffprobe(fasterRunner), new JobDirectories(superfast));
			fast = faster.export(source, probe, request, dir.resolve("fast.mp4"), ProgressListener.NONE);
		}
		assertFaststartH264Aac(fast, 180, 320, 1000);
		assertThat(x264Options(fast)).contains("crf=23.0", "me=dia", "subme=1");
	}

	/** The settings x264 writes into the stream it encodes (its user-data SEI). */
	private static List<String> x264Options(Path mp4) throws IOException {
		String bytes = new String(Files.readAllBytes(mp4), StandardCharsets.ISO_8859_1);
		int at = bytes.indexOf("options: ");
		assertThat(at).as("x264's settings in %s", mp4).isNotNegative();
		return List.of(bytes.substring(at + 9, bytes.indexOf('\0', at)).split(" "));
	}

	private static boolean isRed(int rgb) {
		int r = (rgb >> 16) & 0xFF;
		int g = (rgb >> 8) & 0xFF;
		int b = rgb & 0xFF;
		return r > 200 && g < 60 && b < 60;
	}

	private static void assertFaststartH264Aac(Path mp4, int width, int height, long durationMs) throws IOException {
		FFprobeResult result = ffprobe.inspect(mp4);
		Stream video = stream(result, StreamType.VIDEO);
		assertThat(video.getCodecName()).isEqualTo("h264");
		assertThat(video.getPixFmt()).isEqualTo("yuv420p");
		assertThat(video.getWidth()).isEqualTo(width);
		assertThat(video.getHeight()).isEqualTo(height);
		assertThat(stream(result, StreamType.AUDIO).getCodecName()).isEqualTo("aac");
		double videoMs = video.getDuration() * 1000;
		assertThat(videoMs).isCloseTo(durationMs, within(FRAME_MS + 1));
		List<String> boxes = MediaFixtures.topLevelBoxes(mp4);
		assertThat(boxes.indexOf("moov")).isLessThan(boxes.indexOf("mdat"));
	}

	private static Stream stream(FFprobeResult result, StreamType type) {
		List<Stream> matching = new ArrayList<>();
		for (Stream stream : result.getStreams()) {
			if (stream.getCodecType() == type) {
				matching.add(stream);
			}
		}
		assertThat(matching).as("%s streams", type).isNotEmpty();
		return matching.get(0);
	}

}
