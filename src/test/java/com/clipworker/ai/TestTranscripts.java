package com.clipworker.ai;

import java.util.ArrayList;
import java.util.List;

/** Builds transcripts with predictable times: each word 300 ms, 100 ms apart. */
final class TestTranscripts {

	static final long WORD_MS = 300;

	static final long GAP_MS = 100;

	private final List<Word> words = new ArrayList<>();

	private final List<Segment> segments = new ArrayList<>();

	private long at;

	private TestTranscripts(long startMs) {
		this.at = startMs;
	}

	static TestTranscripts aTranscript() {
		return new TestTranscripts(0);
	}

	static TestTranscripts startingAt(long ms) {
		return new TestTranscripts(ms);
	}

	TestTranscripts sentence(String text) {
		long start = this.at;
		for (String word : text.split(" ")) {
			this.words.add(new Word(word, this.at, this.at + WORD_MS));
			this.at += WORD_MS + GAP_MS;
		}
		this.segments.add(new Segment(text, start, this.at - GAP_MS));
		return this;
	}

	TestTranscripts pause(long ms) {
		this.at += ms;
		return this;
	}

	long now() {
		return this.at;
	}

	Transcript build() {
		return new Transcript("en", this.segments, this.words);
	}

	/**
	 * A transcript of {@code count} sentences of {@code wordsEach} words, the n-th ending
	 * with '?' when n % 3 == 0.
	 */
	static Transcript talk(int count, int wordsEach) {
		TestTranscripts builder = aTranscript();
		for (int s = 0; s < count; s++) {
			StringBuilder text = new StringBuilder();
			for (int w = 0; w < wordsEach; w++) {
				text.append((w > 0) ? " " : "").append("w").append(s).append('_').append(w);
			}
			text.append((s % 3 == 0) ? "?" : ".");
			builder.sentence(text.toString()).pause(400);
		}
		return builder.build();
	}

}
