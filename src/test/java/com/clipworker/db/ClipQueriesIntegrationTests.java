package com.clipworker.db;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClipQueriesIntegrationTests {

	@AutoClose
	private static final TestDatabase database = TestDatabase.create();

	private final ClipQueries clips = database.clips();

	private static Clip aClip(UUID videoId, int index, String title) {
		UUID id = UUID.nameUUIDFromBytes((videoId + "/1/" + index).getBytes());
		return new Clip(id, videoId, 1, index, index * 10_000L, index * 10_000L + 8_000, title, "hook " + index,
				50 + index, "because", null, null);
	}

	@Test
	void concurrentUpsertsOfTheSameClipsLeaveOneRowEach() throws Exception {
		for (int round = 0; round < 20; round++) {
			concurrentUpsertsOfNewClips();
		}
	}

	/**
	 * Eight writers insert the same five new clips at once (a race only a fresh video
	 * has).
	 */
	private void concurrentUpsertsOfNewClips() throws Exception {
		UUID video = UUID.randomUUID();
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<?>> runs = new ArrayList<>();
			for (int attempt = 0; attempt < 8; attempt++) {
				int version = attempt;
				runs.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 5; i++) {
						this.clips.upsert(aClip(video, i, "v" + version));
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> run : runs) {
				run.get();
			}
		}
		List<Clip> stored = this.clips.list(video, 1);
		assertThat(stored).extracting(Clip::index).containsExactly(0, 1, 2, 3, 4);
		assertThat(stored).extracting(Clip::title).allSatisfy((title) -> assertThat(title).matches("v[0-7]"));
	}

	@Test
	void anUpsertKeepsRenderedPreviews() {
		UUID video = UUID.randomUUID();
		Clip clip = aClip(video, 0, "first");
		this.clips.upsert(clip);
		assertThat(this.clips.savePreview(clip.id(), "clips/" + clip.id() + "/preview.mp4", null)).isTrue();
		this.clips.upsert(aClip(video, 0, "second"));
		Clip stored = this.clips.find(clip.id()).orElseThrow();
		assertThat(stored.title()).isEqualTo("second");
		assertThat(stored.previewKey()).isEqualTo("clips/" + clip.id() + "/preview.mp4");
		assertThat(this.clips.savePreview(UUID.randomUUID(), "x", null)).isFalse();
	}

	@Test
	void replaceAllDropsClipsAnEarlierPickLeftBeyondTheNewCount() {
		UUID video = UUID.randomUUID();
		List<Clip> four = List.of(aClip(video, 0, "a"), aClip(video, 1, "b"), aClip(video, 2, "c"),
				aClip(video, 3, "d"));
		assertThat(this.clips.replaceAll(video, 1, four)).isEmpty();
		List<UUID> dropped = this.clips.replaceAll(video, 1, List.of(aClip(video, 0, "x"), aClip(video, 1, "y")));
		assertThat(dropped).containsExactlyInAnyOrder(four.get(2).id(), four.get(3).id());
		assertThat(this.clips.list(video, 1)).extracting(Clip::title).containsExactly("x", "y");
	}

	@Test
	void replaceAllRefusesClipsOfAnotherVideoOrOutOfOrder() {
		UUID video = UUID.randomUUID();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.clips.replaceAll(video, 1, List.of(aClip(UUID.randomUUID(), 0, "a"))));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.clips.replaceAll(video, 1, List.of(aClip(video, 1, "a"))));
	}

	@Test
	void clipsRefuseImpossibleValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Clip(UUID.randomUUID(), UUID.randomUUID(), 1, 0,
				5_000, 5_000, "t", null, 50, null, null, null));
		assertThatIllegalArgumentException().isThrownBy(
				() -> new Clip(UUID.randomUUID(), UUID.randomUUID(), 1, 0, 0, 5_000, "t", null, 101, null, null, null));
	}

}
