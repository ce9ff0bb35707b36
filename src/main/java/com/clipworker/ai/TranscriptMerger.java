package com.clipworker.ai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joins the transcripts of overlapping chunks into one. Where two neighbouring chunks
 * overlap, both heard the words in the overlap; the earlier chunk keeps those that start
 * before the overlap's midpoint and the later chunk those that start at or after it, so
 * every word is kept once and none is lost at a cut (a chunk hears a word cut at its edge
 * badly; the midpoint is as far from both edges as possible). Segments are split the same
 * way by their start.
 */
public final class TranscriptMerger {

	private TranscriptMerger() {
	}

	/**
	 * Merges chunk transcripts.
	 * @param chunks the chunks with their transcripts in whole-audio times, in any order
	 * @return one transcript; its language is the first chunk's that names one
	 */
	public static Transcript merge(List<TranscribedChunk> chunks) {
		List<TranscribedChunk> ordered = chunks.stream()
			.sorted(Comparator.comparingLong((TranscribedChunk c) -> c.chunk().startMs())
				.thenComparingLong((c) -> c.chunk().endMs()))
			.toList();
		List<Word> words = new ArrayList<>();
		List<Segment> segments = new ArrayList<>();
		String language = null;
		for (int i = 0; i < ordered.size(); i++) {
			AudioChunk chunk = ordered.get(i).chunk();
			Transcript transcript = ordered.get(i).transcript();
			long from = (i == 0) ? Long.MIN_VALUE : cut(ordered.get(i - 1).chunk(), chunk);
			long to = (i == ordered.size() - 1) ? Long.MAX_VALUE : cut(chunk, ordered.get(i + 1).chunk());
			for (Word word : transcript.words()) {
				if (word.startMs() >= from && word.startMs() < to) {
					words.add(word);
				}
			}
			for (Segment segment : transcript.segments()) {
				if (segment.startMs() >= from && segment.startMs() < to) {
					segments.add(segment);
				}
			}
			language = (language != null) ? language : transcript.language();
		}
		return new Transcript(language, segments, words);
	}

	/**
	 * Where the ownership of words passes from one chunk to the next: the middle of their
	 * overlap, or the next chunk's start when they do not overlap.
	 */
	private static long cut(AudioChunk earlier, AudioChunk later) {
		long overlapEnd = Math.min(earlier.endMs(), later.endMs());
		if (overlapEnd <= later.startMs()) {
			return later.startMs();
		}
		return later.startMs() + (overlapEnd - later.startMs()) / 2;
	}

}
