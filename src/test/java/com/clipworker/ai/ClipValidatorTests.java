package com.clipworker.ai;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClipValidatorTests {

	private final ClipValidator validator = new ClipValidator();

	private final PickSettings settings = new PickSettings(5, Duration.ofSeconds(3), Duration.ofSeconds(20), null);

	// sentence 0: 0-2700 ms (7 words), pause, sentence 1 from 3500, ...
	private final Transcript transcript = TestTranscripts.talk(12, 7);

	private final Signals signals = Signals.durationOnly(60_000);

	@Test
	void clipsOutsideTheVideoOrBackwardsAreDropped() {
		ClipValidator.Validation validation = this.validator.validate(
				List.of(clip(-100, 5000, 80), clip(50_000, 61_000, 70), clip(9000, 8000, 60)), this.transcript,
				this.signals, this.settings);
		assertThat(validation.clips()).isEmpty();
		assertThat(validation.dropped()).hasSize(3);
		assertThat(validation.dropped().get(0)).contains("clip 1").contains("outside the video");
		assertThat(validation.dropped().get(2)).contains("ends before it starts");
	}

	@Test
	void tooShortAndTooLongClipsAreDropped() {
		// a clip inside one word grows to its sentence (3.1 s) when snapped, still below
		// 5 s
		PickSettings fiveToTwenty = new PickSettings(5, Duration.ofSeconds(5), Duration.ofSeconds(20), null);
		ClipValidator.Validation validation = this.validator
			.validate(List.of(clip(3500, 4000, 80), clip(0, 45_000, 70)), this.transcript, this.signals, fiveToTwenty);
		assertThat(validation.clips()).isEmpty();
		assertThat(validation.dropped()).anySatisfy((d) -> assertThat(d).contains("shorter than 5 s"));
		assertThat(validation.dropped()).anySatisfy((d) -> assertThat(d).contains("longer than 20 s"));
	}

	@Test
	void overlappingClipsKeepTheBetterScoredAndDuplicatesGo() {
		List<Sentence> sentences = Sentences.of(this.transcript);
		Sentence s1 = sentences.get(1);
		Sentence s4 = sentences.get(4);
		Sentence s8 = sentences.get(8);
		ClipValidator.Validation validation = this.validator.validate(
				List.of(clip(s1.startMs(), s4.endMs(), 60), clip(s1.startMs(), s4.endMs(), 60),
						clip(s4.startMs(), s4.endMs() + 5000, 90), clip(s8.startMs(), s8.endMs() + 3000, 50)),
				this.transcript, this.signals, this.settings);
		assertThat(validation.clips()).extracting(ClipCandidate::score).containsExactly(90, 50);
		assertThat(validation.clips().get(0).span().overlapMs(validation.clips().get(1).span())).isZero();
		assertThat(validation.dropped()).hasSize(2)
			.allSatisfy((d) -> assertThat(d).contains("overlaps a better clip"))
			.anySatisfy((d) -> assertThat(d).startsWith("clip 1 "))
			.anySatisfy((d) -> assertThat(d).startsWith("clip 2 "));
	}

	@Test
	void startAndEndSnapToTheSentenceWithAirAroundIt() {
		List<Sentence> sentences = Sentences.of(this.transcript);
		Sentence second = sentences.get(1);
		Sentence third = sentences.get(2);
		// starts on sentence 1's third word, ends inside sentence 2's fifth word
		long start = this.transcript.words().get(second.firstWord() + 2).startMs() + 50;
		long end = this.transcript.words().get(third.firstWord() + 4).startMs() + 100;
		ClipCandidate snapped = this.validator
			.validate(List.of(clip(start, end, 70)), this.transcript, this.signals, this.settings)
			.clips()
			.get(0);
		assertThat(snapped.startMs()).isEqualTo(second.startMs() - ClipValidator.LEAD_IN_MS);
		assertThat(snapped.endMs()).isEqualTo(third.endMs() + ClipValidator.TAIL_MS);
	}

	@Test
	void paddingNeverReachesIntoTheNeighbouringWord() {
		Transcript tight = new Transcript("en", List.of(), List.of(new Word("one.", 0, 1000),
				new Word("two", 1050, 2000), new Word("three.", 2000, 5000), new Word("four", 5100, 6000)));
		ClipCandidate snapped = this.validator
			.validate(List.of(clip(1100, 4900, 50)), tight, this.signals, this.settings)
			.clips()
			.get(0);
		assertThat(snapped.startMs()).isEqualTo(1000);
		assertThat(snapped.endMs()).isEqualTo(5100);
	}

	@Test
	void withoutWordsEdgesSnapToNearbySilences() {
		Signals withSilences = new Signals(60_000, List.of(30_000L),
				List.of(new Interval(9_000, 10_000), new Interval(20_500, 22_000)), List.of());
		ClipCandidate snapped = this.validator
			.validate(List.of(clip(10_400, 21_000, 50), clip(29_700, 40_000, 40)), Transcript.empty(), withSilences,
					this.settings)
			.clips()
			.get(0);
		assertThat(snapped.startMs()).isEqualTo(10_000);
		assertThat(snapped.endMs()).isEqualTo(20_500);
	}

	@Test
	void onlyTheBestCountAreKept() {
		List<Sentence> sentences = Sentences.of(this.transcript);
		PickSettings two = new PickSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(20), null);
		List<ClipCandidate> candidates = List.of(clip(sentences.get(0).startMs(), sentences.get(0).endMs(), 10),
				clip(sentences.get(2).startMs(), sentences.get(2).endMs(), 30),
				clip(sentences.get(4).startMs(), sentences.get(4).endMs(), 20));
		ClipValidator.Validation validation = this.validator.validate(candidates, this.transcript, this.signals, two);
		assertThat(validation.clips()).extracting(ClipCandidate::score).containsExactly(30, 20);
		assertThat(validation.dropped()).singleElement().asString().contains("beyond the 2 clips");
	}

	private static ClipCandidate clip(long start, long end, int score) {
		return new ClipCandidate(start, end, "title " + score, "hook", score, "reason");
	}

}
