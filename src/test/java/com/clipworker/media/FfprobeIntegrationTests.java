package com.clipworker.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Probing and vetting user files with the real ffprobe: a good file's facts, and each
 * hostile input rejected (non-retriable) with the limit it broke, leaving no output and
 * no process behind.
 */
class FfprobeIntegrationTests {

	@TempDir
	static Path dir;

	static ProcessRunner runner;

	static Ffprobe ffprobe;

	static Ffmpeg ffmpeg;

	@BeforeAll
	static void setUp() {
		runner = MediaFixtures.runner(dir.resolve("work"));
		ffprobe = new Ffprobe(runner);
		ffmpeg = new Ffmpeg(runner, ffprobe, new JobDirectories(runner.properties()));
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
	void probeReadsFormatStreamsAndDuration() {
		Path input = MediaFixtures.scenes(dir, "good.mp4");
		ProbeResult probe = ffprobe.probe(input);
		assertThat(probe.demuxer()).isEqualTo("mov");
		assertThat(probe.durationMs()).isBetween(2990L, 3050L);
		assertThat(probe.width()).isEqualTo(320);
		assertThat(probe.height()).isEqualTo(180);
		assertThat(probe.fps()).isEqualTo(30.0);
		assertThat(probe.videoCodec()).isEqualTo("h264");
		assertThat(probe.pixelFormat()).isEqualTo("yuv420p");
		assertThat(probe.audioCodec()).isEqualTo("aac");
		assertThat(probe.streams()).extracting(ProbeResult.StreamInfo::type).containsExactly("video", "audio");
		assertThat(probe.sizeBytes()).isPositive();
	}

	@Test
	void probeOfMatroskaPinsMatroska() {
		Path input = dir.resolve("clip.mkv");
		MediaFixtures.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=1", "-c:v", "libx264", "-preset",
				"ultrafast", input.toString());
		assertThat(ffprobe.probe(input).demuxer()).isEqualTo("matroska");
	}

	@Test
	void hlsPlaylistNamedMp4IsRejected() throws IOException {
		Files.writeString(dir.resolve("secret.aac"), "not really audio");
		Path input = write("playlist.mp4", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile://"
				+ dir.resolve("secret.aac") + "\n#EXT-X-ENDLIST\n");
		assertRejected(input, "container");
	}

	@Test
	void ffconcatScriptNamedMp4IsRejected() throws IOException {
		Path input = write("concat.mp4", "ffconcat version 1.0\nfile '/etc/passwd'\n");
		assertRejected(input, "container");
	}

	@Test
	void hugeFrameIsRejectedNamingPixels() {
		Path input = dir.resolve("huge.mp4");
		MediaFixtures.ffmpeg(dir, "-f", "lavfi", "-i", "color=s=5000x4000:r=5:d=0.2", "-c:v", "libx264", "-preset",
				"ultrafast", input.toString());
		MediaRejectedException rejected = assertRejected(input, "max-pixels");
		assertThat(rejected.measured()).contains("5000x4000");
	}

	@Test
	void hugeFrameIsRefusedByMaxPixelsOnDecodeAndLeavesNoOutput() {
		Path input = dir.resolve("huge-decode.mp4");
		MediaFixtures.ffmpeg(dir, "-f", "lavfi", "-i", "color=s=5000x4000:r=5:d=0.2", "-c:v", "libx264", "-preset",
				"ultrafast", input.toString());
		ProbeResult lying = new ProbeResult("mov", "mov,mp4,m4a,3gp,3g2,mj2", 200, 1000, 320, 180, 0, false, 5, "h264",
				"yuv420p", null, List.of());
		Path out = dir.resolve("huge-poster.jpg");
		assertThatExceptionOfType(MediaProcessException.class).isThrownBy(() -> ffmpeg.poster(input, lying, 0, out))
			.withMessageContaining("max pixel");
		assertThat(out).doesNotExist();
	}

	@Test
	void headerClaimingHundredHoursIsRejectedNamingDuration() throws IOException {
		Path input = dir.resolve("long.mp4");
		MediaFixtures.ffmpeg(dir, "-f", "lavfi", "-i", "color=s=64x64:r=10:d=1", "-c:v", "libx264", "-preset",
				"ultrafast", "-movflags", "+faststart", input.toString());
		byte[] bytes = Files.readAllBytes(input);
		int mvhd = indexOf(bytes, "mvhd".getBytes());
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		int timescale = buffer.getInt(mvhd + 16);
		buffer.putInt(mvhd + 20, timescale * 360_000);
		Files.write(input, bytes);
		MediaRejectedException rejected = assertRejected(input, "max-duration");
		assertThat(rejected.measured()).isEqualTo("360000 s");
	}

	@Test
	void truncatedMp4IsRejected() throws IOException {
		Path whole = MediaFixtures.scenes(dir, "whole.mp4");
		byte[] bytes = Files.readAllBytes(whole);
		Path input = dir.resolve("truncated.mp4");
		Files.write(input, java.util.Arrays.copyOf(bytes, bytes.length / 2));
		assertRejected(input, "container");
	}

	@Test
	void zeroBytesAreRejected() throws IOException {
		Path input = Files.write(dir.resolve("empty.mp4"), new byte[0]);
		assertRejected(input, "non-empty");
	}

	@Test
	void randomBytesAreRejected() throws IOException {
		byte[] bytes = new byte[64 * 1024];
		new Random(42).nextBytes(bytes);
		Path input = Files.write(dir.resolve("random.mp4"), bytes);
		assertRejected(input, "container");
	}

	@Test
	void twentyStreamsAreRejectedNamingStreams() {
		Path input = dir.resolve("streams.mkv");
		List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=1", "-f", "lavfi",
				"-i", "sine=d=1", "-map", "0:v"));
		for (int i = 0; i < 19; i++) {
			args.addAll(List.of("-map", "1:a"));
		}
		args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", input.toString()));
		MediaFixtures.ffmpeg(dir, args.toArray(String[]::new));
		MediaRejectedException rejected = assertRejected(input, "max-streams");
		assertThat(rejected.measured()).isEqualTo("20 streams");
	}

	private static MediaRejectedException assertRejected(Path input, String limit) {
		long filesBefore = countFiles(input.getParent());
		MediaRejectedException rejected = org.junit.jupiter.api.Assertions.assertThrows(MediaRejectedException.class,
				() -> ffprobe.probe(input));
		assertThat(rejected.retriable()).isFalse();
		assertThat(rejected.limit()).contains(limit);
		assertThat(rejected.getMessage()).contains("Input rejected");
		assertThat(countFiles(input.getParent())).isEqualTo(filesBefore);
		return rejected;
	}

	private static long countFiles(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.count();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path write(String name, String content) throws IOException {
		return Files.writeString(dir.resolve(name), content);
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new IllegalStateException("not found");
	}

}
