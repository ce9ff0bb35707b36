package com.clipworker.media.captions;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Line breaking, page breaking and continuous, non-overlapping state timing. */
class CaptionLayoutTests {

	private final CaptionLayout layout = new CaptionLayout(new CaptionLayout.Options(2, 16, 700));

	@Test
	void linesStayWithinTheLimitAndNeverSplitWords() {
		List<Word> words = words(0, 400, "the quick brown fox jumps over the lazy dog and keeps running far away");
		List<CaptionPage> pages = this.layout.pages(words, 0, 100_000);
		List<String> all = new ArrayList<>();
		for (CaptionPage page : pages) {
			assertThat(page.lines()).hasSizeLessThanOrEqualTo(2);
			for (List<Word> line : page.lines()) {
				String text = String.join(" ", line.stream().map(Word::text).toList());
				assertThat(text.length()).isLessThanOrEqualTo(16);
				all.addAll(line.stream().map(Word::text).toList());
			}
		}
		assertThat(all).containsExactlyElementsOf(words.stream().map(Word::text).toList());
		assertThat(pages.get(0).lines().get(0)).extracting(Word::text).containsExactly("the", "quick", "brown");
	}

	@Test
	void aWordLongerThanALineGetsALineOfItsOwn() {
		List<CaptionPage> pages = this.layout.pages(words(0, 400, "a supercalifragilistic word"), 0, 10_000);
		assertThat(pages.get(0).lines()).extracting((line) -> line.get(0).text())
			.containsExactly("a", "supercalifragilistic");
	}

	@Test
	void sentenceEndsAndPausesStartNewPages() {
		List<Word> words = new ArrayList<>(words(0, 300, "Hi there. Next one"));
		words.add(new Word("later", 5000, 5300));
		List<CaptionPage> pages = this.layout.pages(words, 0, 10_000);
		assertThat(pages).extracting((page) -> page.words().stream().map(Word::text).toList())
			.containsExactly(List.of("Hi", "there."), List.of("Next", "one"), List.of("later"));
		// Short gap after "there.": the page stays up until the next one (no flicker).
		assertThat(pages.get(0).endMs()).isEqualTo(pages.get(1).startMs());
		// Long pause before "later": the screen empties.
		assertThat(pages.get(1).endMs()).isEqualTo(1150);
		assertThat(pages.get(2).startMs()).isEqualTo(5000);
	}

	@Test
	void statesAreContinuousWithinPagesAndNeverOverlap() {
		List<Word> words = new ArrayList<>();
		long t = 0;
		for (String text : "one two three four five six seven eight nine ten eleven twelve".split(" ")) {
			words.add(new Word(text, t, t + 250));
			t += 400;
		}
		List<CaptionPage> pages = this.layout.pages(words, 0, 100_000);
		List<CaptionState> states = this.layout.states(pages);
		assertThat(states).hasSize(words.size());
		for (int i = 1; i < states.size(); i++) {
			assertThat(states.get(i).startMs()).isEqualTo(states.get(i - 1).endMs());
		}
		assertThat(states).allSatisfy((state) -> assertThat(state.endMs()).isGreaterThan(state.startMs()));
		assertThat(states.get(0).activeWord()).isZero();
		assertThat(states.get(1).activeWord()).isEqualTo(1);
		assertThat(states.get(0).startMs()).isZero();
		assertThat(states.get(states.size() - 1).endMs()).isEqualTo(words.get(words.size() - 1).endMs());
	}

	@Test
	void wordsAreClippedAndShiftedToClipTime() {
		List<Word> words = words(0, 500, "a b c d e f");
		List<CaptionState> states = this.layout.states(this.layout.pages(words, 1000, 2000));
		assertThat(states).extracting(CaptionState::startMs).containsExactly(0L, 500L);
		assertThat(states.get(0).lines()).containsExactly(List.of("c", "d"));
		assertThat(states.get(1).endMs()).isEqualTo(950);
	}

	@Test
	void overlappingTimingsNeverOverlapStates() {
		List<Word> words = List.of(new Word("x", 0, 600), new Word("y", 300, 900), new Word("z", 200, 1000));
		List<CaptionState> states = this.layout.states(this.layout.pages(words, 0, 5000));
		for (int i = 1; i < states.size(); i++) {
			assertThat(states.get(i).startMs()).isGreaterThanOrEqualTo(states.get(i - 1).endMs());
		}
	}

	private static List<Word> words(long start, long step, String text) {
		List<Word> words = new ArrayList<>();
		long t = start;
		for (String word : text.split(" ")) {
			words.add(new Word(word, t, t + step - 50));
			t += step;
		}
		return words;
	}

}
