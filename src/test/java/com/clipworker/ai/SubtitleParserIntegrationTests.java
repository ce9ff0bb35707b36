package com.clipworker.ai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subtitles as the real ffmpeg writes them when the media engine pulls an embedded
 * subtitle stream out of an upload: a tiny video with a {@code mov_text} track is made
 * with {@code lavfi}, its track extracted as WebVTT and as SRT, and both parsed.
 */
class SubtitleParserIntegrationTests {

	@TempDir
	static Path dir;

	static Path video;

	@BeforeAll
	static void makeVideoWithSubtitles() throws IOException, InterruptedException {
		Path srt = dir.resolve("source.srt");
		Files.writeString(srt, """
				1
				00:00:00,500 --> 00:00:01,500
				<i>Hello</i> world

				2
				00:00:02,000 --> 00:00:03,200
				Ça va? Très bien!
				""", StandardCharsets.UTF_8);
		video = dir.resolve("with-subs.mp4");
		ffmpeg("-f", "lavfi", "-i", "color=c=black:s=160x90:d=4:r=10", "-i", srt.toString(), "-map", "0:v", "-map",
				"1:s", "-c:v", "libx264", "-preset", "ultrafast", "-c:s", "mov_text", "-metadata:s:s:0", "language=fra",
				video.toString());
	}

	@Test
	void embeddedTrackExtractedAsWebVttParsesToTheSameWordsAndTimes() throws Exception {
		Path vtt = dir.resolve("extracted.vtt");
		ffmpeg("-i", video.toString(), "-map", "0:s:0", "-f", "webvtt", vtt.toString());

		Transcript transcript = SubtitleParser.parse(vtt, "fr");

		assertThat(transcript.language()).isEqualTo("fr");
		assertThat(transcript.segments()).containsExactly(new Segment("Hello world", 500, 1500),
				new Segment("Ça va? Très bien!", 2000, 3200));
		assertThat(transcript.words()).extracting(Word::text)
			.containsExactly("Hello", "world", "Ça", "va?", "Très", "bien!");
		assertThat(transcript.words().get(0).startMs()).isEqualTo(500);
		assertThat(transcript.words().get(5).endMs()).isEqualTo(3200);
	}

	@Test
	void embeddedTrackExtractedAsSrtParsesToTheSameTranscriptAsWebVtt() throws Exception {
		Path srt = dir.resolve("extracted.srt");
		Path vtt = dir.resolve("again.vtt");
		ffmpeg("-i", video.toString(), "-map", "0:s:0", "-f", "srt", srt.toString());
		ffmpeg("-i", video.toString(), "-map", "0:s:0", "-f", "webvtt", vtt.toString());

		assertThat(SubtitleParser.parse(srt, null)).isEqualTo(SubtitleParser.parse(vtt, null));
	}

	private static void ffmpeg(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		boolean exited = process.waitFor(60, TimeUnit.SECONDS);
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!exited) {
			process.destroyForcibly();
		}
		assertThat(exited).as("ffmpeg finished").isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

}
