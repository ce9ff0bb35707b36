package com.clipworker.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VideoQueriesIntegrationTests {

	@AutoClose
	private static final TestDatabase database = TestDatabase.create();

	private final MutableClock clock = new MutableClock();

	private VideoQueries videos;

	private UUID aVideo() {
		this.videos = database.videos(this.clock);
		UUID id = UUID.randomUUID();
		assertThat(this.videos.insertIfAbsent(id, UUID.randomUUID(), "videos/" + id + "/source",
				"videos/" + id + "/captions.srt"))
			.isTrue();
		return id;
	}

	private Video load(UUID id) {
		return this.videos.find(id).orElseThrow();
	}

	@Test
	void insertIsIdempotentAndStartsPendingAtGenerationOne() {
		UUID id = aVideo();
		assertThat(this.videos.insertIfAbsent(id, UUID.randomUUID(), "other", null)).isFalse();
		Video video = load(id);
		assertThat(video.generation()).isEqualTo(1);
		assertThat(video.status()).isEqualTo(VideoStatus.PENDING);
		assertThat(video.clipsStatus()).isEqualTo(ClipsStatus.PENDING);
		assertThat(video.sourceKey()).isEqualTo("videos/" + id + "/source");
		assertThat(video.captionsKey()).isEqualTo("videos/" + id + "/captions.srt");
		assertThat(video.probe()).isNull();
	}

	@Test
	void findOwnedHidesOtherOwnersVideos() {
		UUID id = aVideo();
		UUID owner = load(id).ownerId();
		assertThat(this.videos.findOwned(id, owner)).isPresent();
		assertThat(this.videos.findOwned(id, UUID.randomUUID())).isEmpty();
	}

	@Test
	void processingRunsForward() {
		UUID id = aVideo();
		assertThat(this.videos.markProcessing(id, 1)).isTrue();
		assertThat(this.videos.markProcessing(id, 1)).as("a retried step").isTrue();
		assertThat(this.videos.reportProgress(id, 1, "transcode", 40)).isTrue();
		assertThat(this.videos.saveProbe(id, 1,
				new VideoProbe(12_500, 640, 360, 29.97, "h264", "aac", true, 1_234_567, "{\"format\":\"mp4\"}")))
			.isTrue();
		assertThat(this.videos.saveMedia(id, 1, VideoMedia.none().withProxyKey("videos/" + id + "/proxy.mp4")))
			.isTrue();
		assertThat(this.videos.saveMedia(id, 1, VideoMedia.none().withPosterKey("videos/" + id + "/poster.jpg")))
			.isTrue();
		assertThat(this.videos.saveTranscriptSource(id, 1, TranscriptSource.NONE, "no speech API key")).isTrue();
		Video processing = load(id);
		assertThat(processing.status()).isEqualTo(VideoStatus.PROCESSING);
		assertThat(processing.stage()).isEqualTo("transcode");
		assertThat(processing.progress()).isEqualTo(40);
		assertThat(processing.probe()).isEqualTo(
				new VideoProbe(12_500, 640, 360, 29.97, "h264", "aac", true, 1_234_567, "{\"format\": \"mp4\"}"));
		assertThat(processing.media().proxyKey()).as("kept by a later save").isEqualTo("videos/" + id + "/proxy.mp4");
		assertThat(processing.media().posterKey()).isEqualTo("videos/" + id + "/poster.jpg");
		assertThat(processing.transcriptSource()).isEqualTo(TranscriptSource.NONE);
		assertThat(processing.transcriptNote()).isEqualTo("no speech API key");
		assertThat(this.videos.markReady(id, 1)).isTrue();
		Video ready = load(id);
		assertThat(ready.status()).isEqualTo(VideoStatus.READY);
		assertThat(ready.progress()).isEqualTo(100);
		assertThat(ready.stage()).isNull();
		assertThat(ready.updatedAt()).isAfterOrEqualTo(ready.createdAt());
	}

	@Test
	void aLateRetryNeverMovesAFinishedVideoBack() {
		UUID id = aVideo();
		this.videos.markProcessing(id, 1);
		assertThat(this.videos.markReady(id, 1)).isTrue();
		assertThat(this.videos.markProcessing(id, 1)).isFalse();
		assertThat(this.videos.markFailed(id, 1, "late failure")).isFalse();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.videos.reportProgress(id, 1, "transcode", 10)).isFalse();
		assertThat(this.videos.saveMedia(id, 1, VideoMedia.none().withProxyKey("stale"))).isFalse();
		Video video = load(id);
		assertThat(video.status()).isEqualTo(VideoStatus.READY);
		assertThat(video.progress()).isEqualTo(100);
		assertThat(video.error()).isNull();
		assertThat(video.media().proxyKey()).isNull();
	}

	@Test
	void aFailedVideoStaysFailed() {
		UUID id = aVideo();
		this.videos.markProcessing(id, 1);
		assertThat(this.videos.markFailed(id, 1, "the source has no video stream")).isTrue();
		assertThat(this.videos.markFailed(id, 1, "the source has no video stream")).as("a retried step").isTrue();
		assertThat(this.videos.markReady(id, 1)).isFalse();
		assertThat(load(id).status()).isEqualTo(VideoStatus.FAILED);
		assertThat(load(id).error()).isEqualTo("the source has no video stream");
	}

	@Test
	void racingTerminalWritesLeaveExactlyOneWinner() throws Exception {
		for (int round = 0; round < 10; round++) {
			UUID id = aVideo();
			this.videos.markProcessing(id, 1);
			CountDownLatch start = new CountDownLatch(1);
			List<Callable<Boolean>> writes = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				writes.add(() -> {
					start.await();
					return this.videos.markReady(id, 1);
				});
				writes.add(() -> {
					start.await();
					return this.videos.markFailed(id, 1, "boom");
				});
			}
			try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
				List<Future<Boolean>> results = writes.stream().map(pool::submit).toList();
				start.countDown();
				long readyWins = 0;
				long failedWins = 0;
				for (int i = 0; i < results.size(); i++) {
					if (results.get(i).get()) {
						if (i % 2 == 0) {
							readyWins++;
						}
						else {
							failedWins++;
						}
					}
				}
				VideoStatus status = load(id).status();
				assertThat(status).isIn(VideoStatus.READY, VideoStatus.FAILED);
				assertThat((status == VideoStatus.READY) ? failedWins : readyWins).isZero();
				assertThat((status == VideoStatus.READY) ? readyWins : failedWins).isEqualTo(4);
			}
		}
	}

	@Test
	void progressWritesAreThrottledPerVideo() {
		UUID id = aVideo();
		this.videos.markProcessing(id, 1);
		assertThat(this.videos.reportProgress(id, 1, "transcode", 10)).isTrue();
		assertThat(this.videos.reportProgress(id, 1, "transcode", 20)).isFalse();
		assertThat(load(id).progress()).isEqualTo(10);
		assertThat(this.videos.reportProgress(id, 1, "audio", 0)).as("a stage change").isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.videos.reportProgress(id, 1, "audio", 50)).isTrue();
		assertThat(load(id).progress()).isEqualTo(50);
		assertThat(load(id).stage()).isEqualTo("audio");
	}

	@Test
	void aReprocessStartsANewGenerationOnce() {
		UUID id = aVideo();
		this.videos.markProcessing(id, 1);
		this.videos.saveMedia(id, 1, VideoMedia.none().withProxyKey("videos/" + id + "/proxy.mp4"));
		this.videos.markReady(id, 1);
		this.videos.markClipsGenerating(id, 1);
		this.videos.markClipsReady(id, 1);
		assertThat(this.videos.startReprocess(id, 1)).isEqualTo(2);
		assertThat(this.videos.startReprocess(id, 1)).as("a retried step").isEqualTo(2);
		Video video = load(id);
		assertThat(video.generation()).isEqualTo(2);
		assertThat(video.status()).isEqualTo(VideoStatus.PENDING);
		assertThat(video.clipsStatus()).isEqualTo(ClipsStatus.PENDING);
		assertThat(video.media()).isEqualTo(VideoMedia.none());
		assertThat(video.progress()).isZero();
		assertThat(this.videos.markReady(id, 1)).as("a late write for the old generation").isFalse();
		assertThat(this.videos.markProcessing(id, 2)).isTrue();
		assertThat(this.videos.markReady(id, 2)).isTrue();
		assertThat(this.videos.startReprocess(id, 2)).isEqualTo(3);
	}

	@Test
	void aReprocessIsRefusedWhileProcessingOrFromAnOldGeneration() {
		UUID id = aVideo();
		this.videos.markProcessing(id, 1);
		assertThatExceptionOfType(ReprocessRefusedException.class).isThrownBy(() -> this.videos.startReprocess(id, 1))
			.withMessageContaining("still processing")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		this.videos.markFailed(id, 1, "boom");
		this.videos.startReprocess(id, 1);
		this.videos.markProcessing(id, 2);
		this.videos.markReady(id, 2);
		this.videos.startReprocess(id, 2);
		assertThatExceptionOfType(ReprocessRefusedException.class).isThrownBy(() -> this.videos.startReprocess(id, 1))
			.withMessageContaining("current generation is 3");
		assertThatExceptionOfType(ReprocessRefusedException.class)
			.isThrownBy(() -> this.videos.startReprocess(UUID.randomUUID(), 1))
			.withMessageContaining("no such video");
	}

	@Test
	void clipGenerationRunsForward() {
		UUID id = aVideo();
		assertThat(this.videos.markClipsGenerating(id, 1)).isTrue();
		assertThat(this.videos.reportClipsProgress(id, 1, 30)).isTrue();
		assertThat(this.videos.reportClipsProgress(id, 1, 60)).isFalse();
		assertThat(load(id).clipsProgress()).isEqualTo(30);
		assertThat(this.videos.markClipsReady(id, 1)).isTrue();
		assertThat(this.videos.markClipsGenerating(id, 1)).isFalse();
		assertThat(this.videos.markClipsFailed(id, 1, "late")).isFalse();
		Video video = load(id);
		assertThat(video.clipsStatus()).isEqualTo(ClipsStatus.READY);
		assertThat(video.clipsProgress()).isEqualTo(100);
		assertThat(video.clipsError()).isNull();
		assertThat(this.videos.markClipsGenerating(id, 2)).as("no such generation").isFalse();
	}

	@Test
	void deletesDerivedRowsAfterListingTheirIds() {
		UUID id = aVideo();
		UUID other = aVideo();
		ClipQueries clips = database.clips();
		ExportQueries exports = database.exports();
		UUID clipA = UUID.randomUUID();
		UUID clipB = UUID.randomUUID();
		clips.upsert(new Clip(clipA, id, 1, 0, 0, 5_000, "A", null, 80, null, null, null));
		clips.upsert(new Clip(clipB, id, 1, 1, 6_000, 9_000, "B", null, 70, null, null, null));
		UUID otherClip = UUID.randomUUID();
		clips.upsert(new Clip(otherClip, other, 1, 0, 0, 5_000, "C", null, 60, null, null, null));
		UUID export = UUID.randomUUID();
		exports.insertIfAbsent(export, UUID.randomUUID(), clipA, "vertical", "bold");
		exports.insertIfAbsent(UUID.randomUUID(), UUID.randomUUID(), otherClip, "vertical", "bold");
		database.transcripts()
			.upsert(new Transcript(id, 1, "en", TranscriptSource.SIDECAR, null, null, List.of(), List.of()));

		assertThat(this.videos.clipIds(id)).containsExactlyInAnyOrder(clipA, clipB);
		assertThat(this.videos.exportIds(id)).containsExactly(export);
		assertThat(this.videos.deleteDerivedRows(id)).isEqualTo(new DeletedRows(1, 2, 1));
		assertThat(this.videos.deleteDerivedRows(id)).as("idempotent").isEqualTo(new DeletedRows(0, 0, 0));
		assertThat(this.videos.clipIds(id)).isEmpty();
		assertThat(this.videos.clipIds(other)).containsExactly(otherClip);
		assertThat(this.videos.exportIds(other)).hasSize(1);
		assertThat(this.videos.delete(id)).isTrue();
		assertThat(this.videos.delete(id)).isFalse();
		assertThat(this.videos.find(id)).isEmpty();
	}

}
