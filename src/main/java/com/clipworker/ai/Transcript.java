package com.clipworker.ai;

import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What was said and when.
 *
 * @param language ISO 639-1 code when known ({@code en}), else {@code null}
 * @param segments the segments in time order
 * @param words the words in time order
 */
public record Transcript(@Nullable String language, List<Segment> segments, List<Word> words) {

	public Transcript {
		segments = segments.stream().sorted(Comparator.comparingLong(Segment::startMs)).toList();
		words = words.stream().sorted(Comparator.comparingLong(Word::startMs).thenComparingLong(Word::endMs)).toList();
	}

	public static Transcript empty() {
		return new Transcript(null, List.of(), List.of());
	}

	/** Whether anything was said (a transcript without words gives no captions). */
	public boolean hasWords() {
		return !this.words.isEmpty();
	}

	/** The whole text, words joined by single spaces. */
	public String text() {
		return String.join(" ", this.words.stream().map(Word::text).toList());
	}

	Transcript shift(long offsetMs) {
		return new Transcript(this.language, this.segments.stream().map((s) -> s.shift(offsetMs)).toList(),
				this.words.stream().map((w) -> w.shift(offsetMs)).toList());
	}

}
