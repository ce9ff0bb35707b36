package com.clipworker.media.captions;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays word timings out into pages (at most {@code maxLines} lines of at most
 * {@code maxCharsPerLine} characters; breaks after sentence ends and at pauses, never
 * inside a word) and pages into the distinct states of the active word. Timing is
 * continuous: within a page each state lasts until the next word starts, and a page stays
 * up until the next one unless a pause of at least {@code pauseMs} separates them.
 */
public final class CaptionLayout {

	private final Options options;

	public CaptionLayout(Options options) {
		this.options = options;
	}

	/**
	 * Pages for the words of one clip, in clip time.
	 * @param words words in source time, in order
	 * @param clipStartMs clip start in the source
	 * @param clipEndMs clip end in the source
	 * @return the pages in order
	 */
	public List<CaptionPage> pages(List<Word> words, long clipStartMs, long clipEndMs) {
		long clipLength = clipEndMs - clipStartMs;
		List<Word> clipped = new ArrayList<>();
		for (Word word : words) {
			if (word.endMs() > clipStartMs && word.startMs() < clipEndMs && !word.text().isBlank()) {
				long start = Math.clamp(word.startMs() - clipStartMs, 0, clipLength);
				long end = Math.clamp(word.endMs() - clipStartMs, start, clipLength);
				clipped.add(new Word(word.text().strip(), start, end));
			}
		}
		List<List<List<Word>>> grouped = new ArrayList<>();
		List<List<Word>> lines = new ArrayList<>();
		List<Word> line = new ArrayList<>();
		int lineChars = 0;
		Word previous = null;
		for (Word word : clipped) {
			int length = word.text().codePointCount(0, word.text().length());
			boolean newPage = previous != null
					&& (word.startMs() - previous.endMs() >= this.options.pauseMs() || endsSentence(previous.text()));
			boolean newLine = !line.isEmpty() && (lineChars + 1 + length > this.options.maxCharsPerLine()
					|| (endsClause(previous.text()) && lineChars >= this.options.maxCharsPerLine() / 2));
			if (newPage || (newLine && lines.size() + 1 >= this.options.maxLines())) {
				if (!line.isEmpty()) {
					lines.add(line);
				}
				if (!lines.isEmpty()) {
					grouped.add(lines);
				}
				lines = new ArrayList<>();
				line = new ArrayList<>();
				lineChars = 0;
			}
			else if (newLine) {
				lines.add(line);
				line = new ArrayList<>();
				lineChars = 0;
			}
			lineChars += (line.isEmpty() ? 0 : 1) + length;
			line.add(word);
			previous = word;
		}
		if (!line.isEmpty()) {
			lines.add(line);
		}
		if (!lines.isEmpty()) {
			grouped.add(lines);
		}
		List<CaptionPage> pages = new ArrayList<>();
		for (int i = 0; i < grouped.size(); i++) {
			List<List<Word>> page = grouped.get(i);
			long start = page.get(0).get(0).startMs();
			List<Word> last = page.get(page.size() - 1);
			long end = last.get(last.size() - 1).endMs();
			if (i + 1 < grouped.size()) {
				long next = grouped.get(i + 1).get(0).get(0).startMs();
				end = (next - end < this.options.pauseMs()) ? next : Math.min(end, next);
			}
			if (!pages.isEmpty()) {
				start = Math.max(start, pages.get(pages.size() - 1).endMs());
			}
			pages.add(new CaptionPage(page, start, Math.max(start, end)));
		}
		return pages;
	}

	/**
	 * The distinct states of the pages: one per word, the word active from its start
	 * until the next word's start (the page's start and end for the first and last word).
	 * @param pages pages from {@link #pages}
	 * @return states in order, none empty, none overlapping
	 */
	public List<CaptionState> states(List<CaptionPage> pages) {
		List<CaptionState> states = new ArrayList<>();
		for (CaptionPage page : pages) {
			List<List<String>> text = page.lines().stream().map((l) -> l.stream().map(Word::text).toList()).toList();
			List<Word> words = page.words();
			for (int k = 0; k < words.size(); k++) {
				long start = (k == 0) ? page.startMs() : Math.max(words.get(k).startMs(), page.startMs());
				long end = (k + 1 < words.size()) ? Math.min(words.get(k + 1).startMs(), page.endMs()) : page.endMs();
				if (!states.isEmpty()) {
					start = Math.max(start, states.get(states.size() - 1).endMs());
				}
				if (end > start) {
					states.add(new CaptionState(text, k, start, end));
				}
			}
		}
		return List.copyOf(states);
	}

	private static boolean endsSentence(String text) {
		return text.matches(".*[.!?…。！？]['\"”’»)]*$");
	}

	private static boolean endsClause(String text) {
		return text.matches(".*[,;:，、；：–—]$");
	}

	/**
	 * Page layout limits.
	 *
	 * @param maxLines most lines on a page
	 * @param maxCharsPerLine most characters on a line (a longer single word gets a line
	 * of its own)
	 * @param pauseMs a silence at least this long between two words starts a new page and
	 * leaves the screen empty
	 */
	public record Options(int maxLines, int maxCharsPerLine, long pauseMs) {

		public static Options defaults() {
			return new Options(2, 22, 700);
		}

	}

}
