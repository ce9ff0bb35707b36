package com.clipworker.ai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the heuristic and the validator take on a one-hour podcast (about 9,000 words,
 * a scene cut every 6 s, a silence every 8 s, loudness every 400 ms). Tagged
 * {@code benchmark}: run with
 * {@code ./mvnw -B -ntp test -Dtest=HeuristicPickerBenchmarkTests -Dexcluded.test.groups=none}.
 * The numbers go to docs/performance.md, never into an assertion.
 */
@Tag("benchmark")
class HeuristicPickerBenchmarkTests {

	private static final Logger logger = LoggerFactory.getLogger(HeuristicPickerBenchmarkTests.class);

	@Test
	void oneHourPodcast() {
		SplittableRandom random = new SplittableRandom(42);
		long hour = 3_600_000;
		List<Word> words = new ArrayList<>();
		long at = 0;
		int i = 0;
		while (at < hour - 1000) {
			String mark = (random.nextInt(12) == 0) ? "." : (random.nextInt(60) == 0) ? "?" : "";
			long length = 150 + random.nextInt(300);
			words.add(new Word("word" + (i++) + mark, at, at + length));
			at += length + 20 + random.nextInt(200) + (mark.isEmpty() ? 0 : 300);
		}
		List<Long> cuts = new ArrayList<>();
		List<Interval> silences = new ArrayList<>();
		List<LoudnessSample> loudness = new ArrayList<>();
		for (long t = 3000; t < hour; t += 6000) {
			cuts.add(t + random.nextInt(2000));
		}
		for (long t = 5000; t < hour; t += 8000) {
			silences.add(new Interval(t, t + 400 + random.nextInt(800)));
		}
		for (long t = 0; t < hour; t += 400) {
			loudness.add(new LoudnessSample(t, -30 + random.nextDouble() * 20));
		}
		Transcript transcript = new Transcript("en", List.of(), words);
		Signals signals = new Signals(hour, cuts, silences, loudness);
		PickSettings settings = new PickSettings(10, Duration.ofSeconds(15), Duration.ofSeconds(60), null);
		HeuristicPicker picker = new HeuristicPicker();
		ClipValidator validator = new ClipValidator();
		for (int warm = 0; warm < 3; warm++) {
			picker.pick(transcript, signals, settings);
		}
		int runs = 5;
		long pickNanos = 0;
		long validateNanos = 0;
		List<ClipCandidate> clips = List.of();
		for (int run = 0; run < runs; run++) {
			long start = System.nanoTime();
			clips = picker.pick(transcript, signals, settings).clips();
			long picked = System.nanoTime();
			validator.validate(clips, transcript, signals, settings);
			validateNanos += System.nanoTime() - picked;
			pickNanos += picked - start;
		}
		logger.info("Heuristic on 1 h ({} words, {} sentences): pick {} ms, validate {} ms (mean of {})", words.size(),
				Sentences.of(transcript).size(), pickNanos / runs / 1_000_000, validateNanos / runs / 1_000_000, runs);
		assertThat(clips).hasSize(10);
	}

}
