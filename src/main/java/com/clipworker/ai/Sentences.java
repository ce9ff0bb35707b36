package com.clipworker.ai;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a transcript's words into sentences: after a word that ends a sentence
 * ({@code . ! ? …} and their CJK forms, before closing quotes or brackets), at a pause of
 * {@value #PAUSE_MS} ms or more, and at {@value #MAX_WORDS} words so that unpunctuated
 * speech still gives units a clip can start and end on.
 */
public final class Sentences {

	static final long PAUSE_MS = 1200;

	static final int MAX_WORDS = 40;

	private Sentences() {
	}

	/**
	 * The sentences of a transcript.
	 * @param transcript the transcript
	 * @return its sentences in time order, empty when it has no words
	 */
	public static List<Sentence> of(Transcript transcript) {
		List<Word> words = transcript.words();
		List<Sentence> sentences = new ArrayList<>();
		int first = 0;
		for (int i = 0; i < words.size(); i++) {
			boolean last = i == words.size() - 1;
			boolean ends = last || endsSentence(words.get(i).text())
					|| words.get(i + 1).startMs() - words.get(i).endMs() >= PAUSE_MS || i - first + 1 >= MAX_WORDS;
			if (ends) {
				sentences.add(sentence(sentences.size(), words, first, i));
				first = i + 1;
			}
		}
		return sentences;
	}

	private static Sentence sentence(int index, List<Word> words, int first, int last) {
		StringBuilder text = new StringBuilder();
		long end = 0;
		for (int i = first; i <= last; i++) {
			text.append((i > first) ? " " : "").append(words.get(i).text());
			end = Math.max(end, words.get(i).endMs());
		}
		return new Sentence(index, first, last, words.get(first).startMs(), end, text.toString());
	}

	static boolean endsSentence(String word) {
		return endsWith(word, '.', '!', '?', '…', '。', '！', '？');
	}

	static boolean endsWith(String text, char... marks) {
		int i = text.length() - 1;
		while (i >= 0 && "\"'”’)]»」』".indexOf(text.charAt(i)) >= 0) {
			i--;
		}
		if (i < 0) {
			return false;
		}
		char c = text.charAt(i);
		for (char mark : marks) {
			if (c == mark) {
				return true;
			}
		}
		return false;
	}

}
