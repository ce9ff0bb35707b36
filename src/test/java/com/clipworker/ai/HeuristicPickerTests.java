package com.clipworker.ai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeuristicPickerTests {

	private final HeuristicPicker picker = new HeuristicPicker();

	private final PickSettings settings = new PickSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30), null);

	@Test
	void pickPrefersTheLoudQuestioningPassageAndStartsOnASentence() {
		TestTranscripts builder = TestTranscripts.aTranscript();
		for (int i = 0; i < 12; i++) {
			builder.sentence("this part is calm and rather slow going on").pause(600);
		}
		long excitedFrom = builder.now();
		for (int i = 0; i < 6; i++) {
			builder.sentence("would you believe what happened next?").sentence("it was amazing!").pause(300);
		}
		long excitedTo = builder.now();
		for (int i = 0; i < 12; i++) {
			builder.sentence("this part is calm and rather slow going on").pause(600);
		}
		Transcript transcript = builder.build();
		long duration = builder.now() + 1000;
		List<LoudnessSample> loudness = new ArrayList<>();
		for (long t = 0; t < duration; t += 400) {
			loudness.add(new LoudnessSample(t, (t >= excitedFrom && t < excitedTo) ? -12 : -28));
		}
		Signals signals = new Signals(duration, List.of(), List.of(), loudness);

		PickResult result = this.picker.pick(transcript, signals, this.settings);

		assertThat(result.provider()).isEqualTo("heuristic");
		assertThat(result.warning()).isNull();
		ClipCandidate best = result.clips().get(0);
		assertThat(best.startMs()).isBetween(excitedFrom, excitedTo);
		assertThat(transcript.words()).anySatisfy((w) -> assertThat(w.startMs()).isEqualTo(best.startMs()));
		assertThat(best.title()).isEqualTo("would you believe what happened next?");
		assertThat(best.reason()).startsWith("Heuristic: ");
		assertThat(result.clips()).extracting(ClipCandidate::score).isSortedAccordingTo((a, b) -> b - a);
	}

	@Test
	void pickWithoutTranscriptUsesSilencesAndCuts() {
		Signals signals = new Signals(60_000, List.of(20_000L, 41_000L),
				List.of(new Interval(9_000, 10_000), new Interval(35_000, 36_500)), List.of());
		List<ClipCandidate> clips = this.picker.pick(Transcript.empty(), signals, this.settings).clips();
		assertThat(clips).isNotEmpty();
		assertThat(clips).allSatisfy((clip) -> assertThat(clip.title()).startsWith("Clip at "));
	}

	@Test
	void pickOnAVideoShorterThanTheMinimumGivesNothing() {
		assertThat(this.picker.pick(Transcript.empty(), Signals.durationOnly(8_000), this.settings).clips()).isEmpty();
	}

}
