package com.clipworker.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.clipworker.db.Clip;
import com.clipworker.db.ClipQueries;
import com.clipworker.db.ClipsStatus;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.ExportStatus;
import com.clipworker.db.TranscriptQueries;
import com.clipworker.db.Video;
import com.clipworker.db.VideoQueries;
import com.clipworker.db.VideoStatus;
import com.clipworker.inngest.Event;
import com.clipworker.jobs.generateclips.GenerateClipsActivities;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.HarnessListener;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.storage.ObjectInfo;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inngest runs a step at least once: these tests deliver every step of every function
 * twice, concurrently with itself, and check that the rows and objects come out as from a
 * single delivery; they also delete a video while it is being processed, and reprocess a
 * video that failed.
 */
class JobsReplayIntegrationTests {

	private static final String PROCESS = "clipworker-process-video";

	private static final String CLIPS = "clipworker-generate-clips";

	private static final String EXPORT = "clipworker-clip-export";

	private WorkerUnderTest worker;

	@AfterEach
	void stop() {
		if (this.worker != null) {
			this.worker.close();
		}
	}

	private UUID upload(Path source, Path captions, UUID ownerId) {
		UUID videoId = UUID.randomUUID();
		ObjectStore store = this.worker.bean(ObjectStore.class);
		store.put(ObjectKeys.videoSource(videoId), source, "video/mp4");
		String captionsKey = null;
		if (captions != null) {
			captionsKey = ObjectKeys.videoCaptions(videoId, "srt");
			store.put(captionsKey, captions, "text/plain");
		}
		this.worker.bean(VideoQueries.class)
			.insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId), captionsKey);
		return videoId;
	}

	private Set<String> keys(String prefix) {
		return new TreeSet<>(this.worker.bean(ObjectStore.class).list(prefix).stream().map(ObjectInfo::key).toList());
	}

	@Test
	void everyStepDeliveredTwiceConcurrentlyGivesTheSameRowsAndObjects() throws Exception {
		Path sample = WorkerUnderTest.sample(30);
		UUID ownerId = UUID.randomUUID();
		UUID videoId = UUID.randomUUID();
		ExecutorHarness.Builder harness = ExecutorHarness.builder().retryBackoff(Duration.ofMillis(500));
		for (String step : List.of("load", "probe", "transcode-proxy", "extract-audio", "transcribe-sidecar",
				"thumbnails", "finish", "send-processed")) {
			harness.duplicateDelivery(PROCESS, step, 1);
		}
		List<String> clipSteps = new ArrayList<>(
				List.of("load", "measure-signals", "pick-clips", "finish", "send-generated"));
		for (int i = 0; i < 2; i++) {
			clipSteps.add("render-preview-" + GenerateClipsActivities.clipId(videoId, 1, i));
		}
		clipSteps.forEach((step) -> harness.duplicateDelivery(CLIPS, step, 1));
		for (String step : List.of("load", "render", "finish", "send-exported")) {
			harness.duplicateDelivery(EXPORT, step, 1);
		}
		this.worker = WorkerUnderTest.start(harness);

		ObjectStore store = this.worker.bean(ObjectStore.class);
		store.put(ObjectKeys.videoSource(videoId), sample.resolve("sample.mp4"), "video/mp4");
		store.put(ObjectKeys.videoCaptions(videoId, "srt"), sample.resolve("sample.srt"), "text/plain");
		this.worker.bean(VideoQueries.class)
			.insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId),
					ObjectKeys.videoCaptions(videoId, "srt"));

		RunResult processed = this.worker
			.run(Event.of("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString()))
				.withId("video-uploaded-" + videoId));
		assertThat(processed.status()).as("process-video: %s", processed.error()).isEqualTo(RunResult.Status.COMPLETED);
		RunResult generated = this.worker.fannedOut("generate-clips",
				(run) -> run.event().data().path("videoId").asString().equals(videoId.toString()));
		assertThat(generated.status()).as("generate-clips: %s", generated.error())
			.isEqualTo(RunResult.Status.COMPLETED);
		assertThat(this.worker.harness.timings()).as("copies were delivered")
			.anySatisfy((timing) -> assertThat(timing.delivery()).isPositive());

		Video video = this.worker.bean(VideoQueries.class).find(videoId).orElseThrow();
		assertThat(video.status()).isEqualTo(VideoStatus.READY);
		assertThat(video.generation()).isEqualTo(1);
		assertThat(video.clipsStatus()).isEqualTo(ClipsStatus.READY);
		assertThat(this.worker.harness.runs().stream().filter((run) -> run.functionId().equals(CLIPS)))
			.as("video/processed, sent twice with one id, started one run")
			.hasSize(1);
		List<Clip> clips = this.worker.bean(ClipQueries.class).list(videoId, 1);
		assertThat(clips).hasSize(2)
			.extracting(Clip::id)
			.containsExactly(GenerateClipsActivities.clipId(videoId, 1, 0),
					GenerateClipsActivities.clipId(videoId, 1, 1));
		String prefix = ObjectKeys.videoPrefix(videoId);
		assertThat(keys(prefix)).containsExactly(prefix + "audio.ogg", prefix + "audio/chunk-000.ogg",
				prefix + "captions.srt", prefix + "poster.jpg", prefix + "proxy.mp4", prefix + "signals.json",
				prefix + "source", prefix + "storyboard.jpg", prefix + "storyboard.vtt");
		for (Clip clip : clips) {
			assertThat(keys(ObjectKeys.clipPrefix(clip.id()))).containsExactly(ObjectKeys.clipPoster(clip.id()),
					ObjectKeys.clipPreview(clip.id()));
		}

		UUID exportId = UUID.randomUUID();
		ExportQueries exports = this.worker.bean(ExportQueries.class);
		exports.insertIfAbsent(exportId, ownerId, clips.get(0).id(), "vertical", "bold-pop");
		RunResult exported = this.worker.run(Event.of("clip/export.requested",
				Map.of("exportId", exportId.toString(), "ownerId", ownerId.toString())));
		assertThat(exported.status()).as("clip-export: %s", exported.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(exports.find(exportId).orElseThrow().status()).isEqualTo(ExportStatus.DONE);
		assertThat(keys(ObjectKeys.exportPrefix(exportId))).containsExactly(ObjectKeys.exportFinal(exportId));
		assertThat(
				this.worker.harness.events().stream().filter((e) -> e.path("name").asString().equals("clip/exported")))
			.as("both deliveries of the send step sent the same event id")
			.allSatisfy((e) -> assertThat(e.path("id").asString()).isEqualTo("clip-exported-" + exportId));

		RunResult again = this.worker.run(Event.of("clip/export.requested",
				Map.of("exportId", exportId.toString(), "ownerId", ownerId.toString())));
		assertThat(again.status()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(again.output().path("skipped").asString()).isEqualTo("already exported");
	}

	@Test
	void aVideoDeletedWhileProcessedLeavesNothingBehind() throws Exception {
		Path sample = WorkerUnderTest.sample(30);
		CountDownLatch transcoding = new CountDownLatch(1);
		this.worker = WorkerUnderTest.start(ExecutorHarness.builder().listener(new HarnessListener() {
			@Override
			public void stepFinished(StepTiming timing) {
				if (timing.functionId().equals(PROCESS) && timing.stepName().equals("probe")) {
					transcoding.countDown();
				}
			}
		}));
		UUID ownerId = UUID.randomUUID();
		UUID videoId = upload(sample.resolve("sample.mp4"), sample.resolve("sample.srt"), ownerId);
		Map<String, Object> data = Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString());
		List<RunHandle> runs = this.worker.harness.send(Event.of("video/uploaded", data));
		assertThat(transcoding.await(2, TimeUnit.MINUTES)).as("the probe is done, the transcode starting").isTrue();
		RunResult deleted = this.worker.run(Event.of("video/deleted", data));
		assertThat(deleted.status()).as("delete-video: %s", deleted.error()).isEqualTo(RunResult.Status.COMPLETED);
		RunResult processed = this.worker.harness.awaitCompletion(runs.get(0), WorkerUnderTest.RUN_TIMEOUT);
		assertThat(processed.status()).isIn(RunResult.Status.CANCELLED, RunResult.Status.FAILED);

		assertThat(keys(ObjectKeys.videoPrefix(videoId))).isEmpty();
		assertThat(this.worker.bean(VideoQueries.class).find(videoId)).isEmpty();
		assertThat(this.worker.bean(TranscriptQueries.class).find(videoId, 1)).isEmpty();
		assertThat(this.worker.bean(ClipQueries.class).list(videoId, 1)).isEmpty();
		assertThat(this.worker.harness.runs().stream().filter((run) -> run.functionId().equals(CLIPS))).isEmpty();
	}

	@Test
	void aFailedVideoSucceedsWhenReprocessedAsANewGeneration() throws Exception {
		Path sample = WorkerUnderTest.sample(30);
		this.worker = WorkerUnderTest.start(ExecutorHarness.builder());
		UUID ownerId = UUID.randomUUID();
		Path junk = WorkerUnderTest.write(sample.getParent().resolve("junk"), "junk.mp4", new byte[] { 1, 2, 3 });
		UUID videoId = upload(junk, null, ownerId);
		Map<String, Object> data = Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString());
		assertThat(this.worker.run(Event.of("video/uploaded", data)).status()).isEqualTo(RunResult.Status.FAILED);
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (this.worker.bean(VideoQueries.class).find(videoId).orElseThrow().status() != VideoStatus.FAILED) {
			assertThat(System.nanoTime()).as("onFailure marks the row failed").isLessThan(deadline);
			Thread.onSpinWait();
		}
		assertThat(this.worker.bean(VideoQueries.class).find(videoId).orElseThrow().error()).isNotBlank();

		this.worker.bean(ObjectStore.class)
			.put(ObjectKeys.videoSource(videoId), sample.resolve("sample.mp4"), "video/mp4");
		RunResult reprocessed = this.worker.run(Event.of("video/reprocess.requested", data));
		assertThat(reprocessed.status()).as("reprocess: %s", reprocessed.error()).isEqualTo(RunResult.Status.COMPLETED);
		Video video = this.worker.bean(VideoQueries.class).find(videoId).orElseThrow();
		assertThat(video.generation()).isEqualTo(2);
		assertThat(video.status()).isEqualTo(VideoStatus.READY);
		assertThat(video.error()).isNull();
	}

}
