package com.clipworker.scripts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs {@code scripts/make-sample} for a short sample with the real espeak-ng and ffmpeg,
 * then probes what it made: the streams, the scene change, subtitle cues that sit on the
 * actual speech, and that a second run is skipped and a run elsewhere gives the same
 * bytes.
 */
class MakeSampleScriptTests {

	private static final int SECONDS = 17;

	private static final Pattern CUE = Pattern
		.compile("(\\d+)\\n(\\d\\d):(\\d\\d):(\\d\\d),(\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d),(\\d{3})\\n(.+)\\n");

	@TempDir
	static Path dir;

	static Path sample;

	static String firstRunOutput;

	private final JsonMapper mapper = JsonMapper.builder().build();

	record Cue(int index, double start, double end, String text) {
	}

	@BeforeAll
	static void makeSample() throws Exception {
		sample = dir.resolve("first");
		firstRunOutput = run(List.of("scripts/make-sample", sample.toString(), String.valueOf(SECONDS)));
	}

	@Test
	void makesA360pH264AacVideoOfTheRequestedLength() throws Exception {
		assertThat(firstRunOutput).contains("Made");
		JsonNode probe = this.mapper.readTree(run(List.of("ffprobe", "-v", "error", "-show_entries",
				"format=duration:stream=codec_type,codec_name,width,height,pix_fmt", "-of", "json",
				sample.resolve("sample.mp4").toString())));
		assertThat(probe.get("format").get("duration").asDouble()).isCloseTo(SECONDS, within(0.1));
		JsonNode video = probe.get("streams").get(0);
		JsonNode audio = probe.get("streams").get(1);
		assertThat(video.get("codec_name").asString()).isEqualTo("h264");
		assertThat(video.get("width").asInt()).isEqualTo(640);
		assertThat(video.get("height").asInt()).isEqualTo(360);
		assertThat(video.get("pix_fmt").asString()).isEqualTo("yuv420p");
		assertThat(audio.get("codec_name").asString()).isEqualTo("aac");
	}

	@Test
	void cutsToANewSceneAfterFifteenSeconds() throws Exception {
		String output = run(List.of("ffmpeg", "-nostdin", "-v", "error", "-i", sample.resolve("sample.mp4").toString(),
				"-vf", "select='gt(scene,0.3)',metadata=print:file=-", "-an", "-f", "null", "-"));
		List<Double> cuts = new ArrayList<>();
		Matcher matcher = Pattern.compile("pts_time:([0-9.]+)").matcher(output);
		while (matcher.find()) {
			cuts.add(Double.parseDouble(matcher.group(1)));
		}
		assertThat(cuts).anySatisfy((time) -> assertThat(time).isCloseTo(15.0, within(0.1)));
	}

	@Test
	void subtitleCuesFollowTheSpeech() throws Exception {
		List<Cue> cues = cues(sample.resolve("sample.srt"));
		assertThat(cues).hasSizeGreaterThanOrEqualTo(3);
		assertThat(cues.get(0).start()).isEqualTo(0.5);
		assertThat(cues.get(0).text()).startsWith("Welcome back");
		for (int i = 0; i < cues.size(); i++) {
			Cue cue = cues.get(i);
			assertThat(cue.index()).isEqualTo(i + 1);
			assertThat(cue.end()).isGreaterThan(cue.start() + 0.3);
			if (i > 0) {
				assertThat(cue.start()).isCloseTo(cues.get(i - 1).end() + 0.7, within(0.002));
			}
		}
		assertThat(cues.get(cues.size() - 1).end()).isLessThanOrEqualTo(SECONDS - 0.5);
		assertThat(cues).anySatisfy((cue) -> assertThat(cue.text()).endsWith("?"));
		// Silent before the first cue and in the first pause, loud inside the cues: the
		// cue times are where the speech really is.
		assertThat(peakDecibels(0.05, 0.45)).isLessThan(-50);
		assertThat(peakDecibels(cues.get(0).end() + 0.15, cues.get(1).start() - 0.15)).isLessThan(-50);
		assertThat(peakDecibels(cues.get(0).start(), cues.get(0).end())).isGreaterThan(-30);
		assertThat(peakDecibels(cues.get(1).start(), cues.get(1).end())).isGreaterThan(-30);
	}

	@Test
	void skipsASampleThatExistsAndRepeatsItsBytesElsewhere() throws Exception {
		Path video = sample.resolve("sample.mp4");
		FileTime made = Files.getLastModifiedTime(video);
		String second = run(List.of("scripts/make-sample", sample.toString(), String.valueOf(SECONDS)));
		assertThat(second).contains("already made");
		assertThat(Files.getLastModifiedTime(video)).isEqualTo(made);
		Path other = dir.resolve("second");
		run(List.of("scripts/make-sample", other.toString(), String.valueOf(SECONDS)));
		assertThat(Files.mismatch(video, other.resolve("sample.mp4"))).isEqualTo(-1);
		assertThat(Files.mismatch(sample.resolve("sample.srt"), other.resolve("sample.srt"))).isEqualTo(-1);
		try (var left = Files.list(sample)) {
			assertThat(left.map((path) -> path.getFileName().toString())).containsExactlyInAnyOrder("sample.mp4",
					"sample.srt", ".sample-stamp");
		}
	}

	@Test
	void refusesADurationOutOfRange() throws Exception {
		Path log = Files.createTempFile(dir, "bad", ".log");
		Process process = new ProcessBuilder("scripts/make-sample", dir.resolve("bad").toString(), "2")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).isEqualTo(2);
		assertThat(output).contains("seconds must be a whole number from 4 to 600");
	}

	private double peakDecibels(double start, double end) throws Exception {
		String output = run(List.of("ffmpeg", "-nostdin", "-v", "info", "-i", sample.resolve("sample.mp4").toString(),
				"-vn", "-af", "atrim=start=" + start + ":end=" + end + ",volumedetect", "-f", "null", "-"));
		Matcher matcher = Pattern.compile("max_volume: (-?[0-9.]+|-inf) dB").matcher(output);
		assertThat(matcher.find()).as("volumedetect output").isTrue();
		return matcher.group(1).equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(matcher.group(1));
	}

	private static List<Cue> cues(Path srt) throws IOException {
		String text = Files.readString(srt).replace("\r\n", "\n");
		List<Cue> cues = new ArrayList<>();
		Matcher matcher = CUE.matcher(text);
		while (matcher.find()) {
			cues.add(new Cue(Integer.parseInt(matcher.group(1)), seconds(matcher, 2), seconds(matcher, 6),
					matcher.group(10)));
		}
		return cues;
	}

	private static double seconds(Matcher matcher, int first) {
		return Integer.parseInt(matcher.group(first)) * 3600 + Integer.parseInt(matcher.group(first + 1)) * 60
				+ Integer.parseInt(matcher.group(first + 2)) + Integer.parseInt(matcher.group(first + 3)) / 1000.0;
	}

	/** Runs a command from the project root; fails with its output unless it exits 0. */
	private static String run(List<String> command) throws Exception {
		Path log = Files.createTempFile(dir, "run", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(command + " did not finish in 120 s");
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("%s exit code; output:%n%s", command, output).isZero();
		return output;
	}

}
