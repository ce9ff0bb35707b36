package com.clipworker.ai;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chunk merging against the truth: speech is cut into overlapping chunks, each chunk
 * hears the words that lie wholly inside it and garbles those its edges cut, and the
 * merge must give back exactly the original words, whatever the chunk length, overlap (at
 * least twice the longest word), word timing and chunk order.
 */
class TranscriptMergingPropertyTests {

	@Property(tries = 300)
	void mergeGivesBackEveryWordOnceInOrder(
			@ForAll @Size(min = 1, max = 120) List<@IntRange(min = 50, max = 900) Integer> wordLengths,
			@ForAll @Size(min = 120, max = 120) List<@IntRange(min = 0, max = 2000) Integer> gaps,
			@ForAll @IntRange(min = 3_000, max = 20_000) int chunkMs,
			@ForAll @IntRange(min = 1_800, max = 2_500) int overlapMs, @ForAll boolean shuffled) {
		List<Word> truth = new ArrayList<>();
		long at = gaps.get(0);
		for (int i = 0; i < wordLengths.size(); i++) {
			truth.add(new Word("w" + i, at, at + wordLengths.get(i)));
			at += wordLengths.get(i) + gaps.get(i);
		}
		long total = at + 1;
		List<TranscribedChunk> chunks = new ArrayList<>();
		for (long start = 0; start < total; start += chunkMs - overlapMs) {
			long end = Math.min(total, start + chunkMs);
			AudioChunk chunk = new AudioChunk(Path.of("c" + start + ".flac"), start, end - start, null);
			long from = start;
			// words wholly inside are heard right, words cut by its edges garbled
			List<Word> heard = truth.stream()
				.filter((w) -> w.endMs() > from && w.startMs() < end)
				.map((w) -> (w.startMs() >= from && w.endMs() <= end) ? w
						: new Word("garbled", Math.max(from, w.startMs()), Math.min(end, w.endMs())))
				.toList();
			chunks.add(new TranscribedChunk(chunk, new Transcript(null, List.of(), heard)));
			if (end == total) {
				break;
			}
		}
		if (shuffled) {
			Collections.reverse(chunks);
		}
		assertThat(TranscriptMerger.merge(chunks).words()).containsExactlyElementsOf(truth);
	}

}
