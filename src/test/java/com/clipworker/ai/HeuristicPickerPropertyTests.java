package com.clipworker.ai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heuristic's contract on arbitrary videos: clips inside the video, within the
 * duration bounds, never overlapping, at most the count, scores in range; and the same
 * input, in any list order, gives the same output.
 */
class HeuristicPickerPropertyTests {

	private final HeuristicPicker picker = new HeuristicPicker();

	@Property(tries = 150)
	void clipsStayInBoundsAndNeverOverlap(@ForAll("videos") Video video, @ForAll @IntRange(min = 1, max = 8) int count,
			@ForAll @IntRange(min = 3, max = 30) int minSeconds,
			@ForAll @IntRange(min = 0, max = 60) int extraSeconds) {
		PickSettings settings = new PickSettings(count, Duration.ofSeconds(minSeconds),
				Duration.ofSeconds(minSeconds + extraSeconds), null);
		List<ClipCandidate> clips = this.picker.pick(video.transcript(), video.signals(), settings).clips();
		assertThat(clips).hasSizeLessThanOrEqualTo(count);
		for (ClipCandidate clip : clips) {
			assertThat(clip.startMs()).isGreaterThanOrEqualTo(0);
			assertThat(clip.endMs()).isLessThanOrEqualTo(video.signals().durationMs());
			assertThat(clip.durationMs()).isBetween(settings.minMs(), settings.maxMs());
			assertThat(clip.score()).isBetween(0, 100);
			assertThat(clip.title()).isNotBlank();
		}
		for (int i = 0; i < clips.size(); i++) {
			for (int j = i + 1; j < clips.size(); j++) {
				assertThat(clips.get(i).span().overlapMs(clips.get(j).span())).isZero();
			}
		}
		if (video.signals().durationMs() >= settings.minMs()) {
			assertThat(clips).isNotEmpty();
		}
	}

	@Property(tries = 100)
	void sameInputInAnyOrderGivesTheSameClips(@ForAll("videos") Video video) {
		PickSettings settings = new PickSettings(5, Duration.ofSeconds(10), Duration.ofSeconds(40), null);
		Signals signals = video.signals();
		List<Long> cuts = new ArrayList<>(signals.sceneCutsMs());
		List<Interval> silences = new ArrayList<>(signals.silences());
		List<LoudnessSample> loudness = new ArrayList<>(signals.loudness());
		Collections.reverse(cuts);
		Collections.reverse(silences);
		Collections.reverse(loudness);
		Signals reordered = new Signals(signals.durationMs(), cuts, silences, loudness);
		Transcript transcript = video.transcript();
		List<Word> words = new ArrayList<>(transcript.words());
		Collections.reverse(words);
		Transcript reorderedTranscript = new Transcript(transcript.language(), transcript.segments(), words);

		PickResult first = this.picker.pick(transcript, signals, settings);
		assertThat(this.picker.pick(transcript, signals, settings)).isEqualTo(first);
		assertThat(new HeuristicPicker().pick(reorderedTranscript, reordered, settings)).isEqualTo(first);
	}

	@Provide
	Arbitrary<Video> videos() {
		Arbitrary<Long> duration = Arbitraries.longs().between(2_000, 400_000);
		return duration.flatMap((ms) -> Combinators
			.combine(Arbitraries.longs().between(0, ms).list().ofMaxSize(30),
					Arbitraries.longs().between(0, ms).list().ofMaxSize(20),
					Arbitraries.integers().between(-60, -5).list().ofMaxSize(200),
					Arbitraries.integers().between(0, 120).list().ofMaxSize(150),
					Arbitraries.of("", "?", "!", ".", ",").list().ofSize(150))
			.as((cuts, silenceStarts, lufs, gaps, marks) -> video(ms, cuts, silenceStarts, lufs, gaps, marks)));
	}

	private static Video video(long durationMs, List<Long> cuts, List<Long> silenceStarts, List<Integer> lufs,
			List<Integer> gaps, List<String> marks) {
		List<Interval> silences = new ArrayList<>();
		for (long start : silenceStarts) {
			silences.add(new Interval(start, Math.min(durationMs, start + 700)));
		}
		List<LoudnessSample> loudness = new ArrayList<>();
		for (int i = 0; i < lufs.size(); i++) {
			loudness.add(new LoudnessSample(durationMs * i / Math.max(1, lufs.size()), lufs.get(i)));
		}
		List<Word> words = new ArrayList<>();
		long at = 0;
		for (int i = 0; i < gaps.size(); i++) {
			at += gaps.get(i) * 20L;
			long end = at + 250;
			if (end > durationMs) {
				break;
			}
			words.add(new Word("w" + i + marks.get(i), at, end));
			at = end;
		}
		return new Video(new Transcript("en", List.of(), words), new Signals(durationMs, cuts, silences, loudness));
	}

	record Video(Transcript transcript, Signals signals) {
	}

}
