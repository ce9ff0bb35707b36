package com.clipworker.ai;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptMergerTests {

	@Test
	void overlappingChunksKeepEachWordOnceSplitAtTheOverlapMidpoint() {
		// chunk A covers 0-10 s, chunk B 8-18 s; both heard "overlap" (8.5 s) and "zone"
		// (9.5 s)
		AudioChunk a = new AudioChunk(Path.of("a.flac"), 0, 10_000, null);
		AudioChunk b = new AudioChunk(Path.of("b.flac"), 8_000, 10_000, null);
		Transcript fromA = new Transcript("en", List.of(),
				List.of(new Word("start", 1000, 1400), new Word("overlap", 8500, 8900), new Word("zone", 9500, 9900)));
		Transcript fromB = new Transcript(null, List.of(), List.of(new Word("overlap", 8510, 8890),
				new Word("zone", 9490, 9910), new Word("after", 12_000, 12_400)));
		Transcript merged = TranscriptMerger
			.merge(List.of(new TranscribedChunk(b, fromB), new TranscribedChunk(a, fromA)));
		assertThat(merged.words()).containsExactly(new Word("start", 1000, 1400), new Word("overlap", 8500, 8900),
				new Word("zone", 9490, 9910), new Word("after", 12_000, 12_400));
		assertThat(merged.language()).isEqualTo("en");
	}

	@Test
	void chunksWithoutOverlapAreConcatenated() {
		AudioChunk a = new AudioChunk(Path.of("a.flac"), 0, 5000, null);
		AudioChunk b = new AudioChunk(Path.of("b.flac"), 5000, 5000, null);
		Transcript merged = TranscriptMerger.merge(List.of(
				new TranscribedChunk(a,
						new Transcript(null, List.of(new Segment("one", 100, 900)),
								List.of(new Word("one", 100, 900)))),
				new TranscribedChunk(b, new Transcript("fr", List.of(new Segment("two", 5100, 5900)),
						List.of(new Word("two", 5100, 5900))))));
		assertThat(merged.words()).extracting(Word::text).containsExactly("one", "two");
		assertThat(merged.segments()).extracting(Segment::text).containsExactly("one", "two");
		assertThat(merged.language()).isEqualTo("fr");
	}

}
