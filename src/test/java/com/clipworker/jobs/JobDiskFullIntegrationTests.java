package com.clipworker.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.clipworker.db.VideoQueries;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.HarnessListener;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.media.MediaProperties;
import com.clipworker.media.ProcessKind;
import com.clipworker.media.ProcessRunner;
import com.clipworker.media.Tmpfs;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's disks truly full: its download cache and its media work directory are each
 * a small tmpfs, filled by a ballast file at a chosen moment of a process-video run and
 * emptied when the harness sees the step fail. A download that meets the full cache disk,
 * the free-disk check before the encode, and an encode that meets a full work directory
 * must each fail retriably (never for good), leave no partial file, job directory or
 * object, and the run must complete once space is back.
 * <p>
 * Tagged {@code slow}, since mounting needs root: where it is missing the tests fail and
 * say so. The default run covers the same paths without privileges:
 * {@code JobFaultsIntegrationTests} makes the encode's output a link to
 * {@code /dev/full}, and {@code DiskFullIntegrationTests} the process and trailer cases.
 */
@Tag("slow")
class JobDiskFullIntegrationTests {

	private static final String PROCESS = "clipworker-process-video";

	private static Path sample;

	private static Tmpfs cacheDisk;

	private static Tmpfs workDisk;

	private static WorkerUnderTest worker;

	private static StepFailureLog stepFailures;

	private static final List<StepTiming> seen = new CopyOnWriteArrayList<>();

	private static final List<Runnable> onError = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		sample = WorkerUnderTest.sample(12);
		Path disks = Path.of("target", "disk-full", UUID.randomUUID().toString()).toAbsolutePath();
		cacheDisk = Tmpfs.mount(disks.resolve("cache"), 8 * 1024 * 1024);
		ExecutorHarness.Builder harness = ExecutorHarness.builder()
			.retryBackoff(Duration.ofMillis(300))
			.listener(new HarnessListener() {
				@Override
				public void stepFinished(StepTiming timing) {
					if (timing.functionId().equals(PROCESS)) {
						seen.add(timing);
						if (isError(timing)) {
							onError.forEach(Runnable::run);
							onError.clear();
						}
					}
				}
			});
		worker = WorkerUnderTest.start(harness, "--clipworker.storage.cache.directory=" + cacheDisk.path(),
				"--clipworker.media.min-free-disk=1MB", "--clipworker.ai.picking.provider=HEURISTIC");
		// The work directory is created on demand, so a file system mounted on it now is
		// the one every job directory lands on.
		Files.createDirectories(worker.workDir);
		workDisk = Tmpfs.mount(worker.workDir, 32 * 1024 * 1024);
		stepFailures = StepFailureLog.attach();
	}

	@AfterAll
	static void stop() {
		try {
			if (stepFailures != null) {
				stepFailures.close();
			}
			if (worker != null) {
				worker.close();
			}
		}
		finally {
			if (workDisk != null) {
				workDisk.close();
			}
			if (cacheDisk != null) {
				cacheDisk.close();
			}
		}
	}

	@Test
	void aDownloadIntoAFullCacheDiskIsRetriedOnceSpaceIsBackAndTheRunCompletes() {
		UUID ownerId = UUID.randomUUID();
		UUID videoId = upload(ownerId);
		Path ballast = cacheDisk.fill(64 * 1024);
		List<String> cacheAtTheError = new CopyOnWriteArrayList<>();
		onError.add(() -> {
			cacheAtTheError.addAll(names(cacheDisk.path()));
			delete(ballast);
		});

		RunResult processed = worker.run(event(videoId, ownerId));

		assertFailedRetriablyAt(processed, "probe");
		assertThat(stepFailures.last("probe")).contains("LocalDiskFullException")
			.contains("ran out of disk under " + cacheDisk.path())
			.containsPattern("\\(\\d+ bytes free\\)");
		assertThat(cacheAtTheError).as("the cache disk when the download failed: no partial file")
			.contains(ballast.getFileName().toString())
			.noneMatch((name) -> name.startsWith("."));
		assertCompleted(videoId);
	}

	@Test
	void theFreeDiskCheckRefusingTheEncodeIsRetriedOnceSpaceIsBackAndTheRunCompletes() {
		UUID ownerId = UUID.randomUUID();
		UUID videoId = upload(ownerId);
		List<Path> ballast = new ArrayList<>();
		onProbed(videoId, () -> ballast.add(workDisk.fill(512 * 1024)));
		onError.add(() -> ballast.forEach(JobDiskFullIntegrationTests::delete));

		RunResult processed = worker.run(event(videoId, ownerId));

		assertThat(ballast).as("the work disk was filled after the probe").hasSize(1);
		assertFailedRetriablyAt(processed, "transcode-proxy");
		assertThat(stepFailures.last("transcode-proxy")).contains("InsufficientDiskException")
			.contains("Not enough free disk under " + workDisk.path());
		assertCompleted(videoId);
	}

	@Test
	void anEncodeThatMeetsAFullWorkDiskIsRetriedOnceSpaceIsBackAndTheRunCompletes() {
		UUID ownerId = UUID.randomUUID();
		UUID videoId = upload(ownerId);
		ProcessRunner runner = worker.bean(ProcessRunner.class);
		List<ProcessRunner.Slot> held = new ArrayList<>();
		List<Boolean> proxyStoredAtTheError = new CopyOnWriteArrayList<>();
		Path ballast;
		RunHandle run;
		try {
			for (int i = 0; i < worker.bean(MediaProperties.class).slots(ProcessKind.HEAVY); i++) {
				held.add(runner.acquire(ProcessKind.HEAVY));
			}
			run = worker.harness.send(event(videoId, ownerId)).get(0);
			// The free-disk check has passed and the encode waits for a slot: the disk
			// fills now, under it.
			JobFaultsIntegrationTests.awaitWaiting(worker, ProcessKind.HEAVY);
			ballast = workDisk.fill(0);
		}
		finally {
			held.forEach(ProcessRunner.Slot::close);
		}
		onError.add(() -> {
			proxyStoredAtTheError.add(worker.bean(ObjectStore.class).exists(ObjectKeys.videoProxy(videoId)));
			delete(ballast);
		});

		RunResult processed = worker.harness.awaitCompletion(run, WorkerUnderTest.RUN_TIMEOUT);

		assertFailedRetriablyAt(processed, "transcode-proxy");
		assertThat(stepFailures.last("transcode-proxy")).contains("InsufficientDiskException")
			.contains("No space left on device under " + workDisk.path())
			.containsPattern("\\(\\d+ bytes free\\)");
		assertThat(proxyStoredAtTheError).as("no proxy object after the failed encode").containsOnly(false);
		assertCompleted(videoId);
	}

	private static void onProbed(UUID videoId, Runnable action) {
		worker.harness.addListener(new HarnessListener() {
			private boolean done;

			@Override
			public synchronized void stepFinished(StepTiming timing) {
				if (!this.done && timing.stepName().equals("probe") && timing.outcome() == StepTiming.Outcome.RAN
						&& ofVideo(timing.runId(), videoId)) {
					this.done = true;
					action.run();
				}
			}
		});
	}

	private static void assertFailedRetriablyAt(RunResult processed, String step) {
		List<StepTiming> ofRun = seen.stream().filter((t) -> t.runId().equals(processed.run().runId())).toList();
		assertThat(processed.status()).as("process-video: %s", processed.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(ofRun).as("the full disk failed %s retriably", step)
			.filteredOn(JobDiskFullIntegrationTests::isError)
			.extracting(StepTiming::stepName)
			.containsOnly(step);
		assertThat(ofRun).as("no step failed for good").noneMatch((t) -> t.outcome() == StepTiming.Outcome.FAILED);
	}

	/**
	 * The video is complete as after a clean run (JobFaultsIntegrationTests), and the
	 * cache disk holds no partial download.
	 */
	private static void assertCompleted(UUID videoId) {
		JobFaultsIntegrationTests.assertVideoComplete(worker, videoId, true);
		assertThat(names(cacheDisk.path())).as("partial downloads").noneMatch((name) -> name.startsWith("."));
	}

	private static UUID upload(UUID ownerId) {
		UUID videoId = UUID.randomUUID();
		ObjectStore store = worker.bean(ObjectStore.class);
		store.put(ObjectKeys.videoSource(videoId), sample.resolve("sample.mp4"), "video/mp4");
		String captionsKey = ObjectKeys.videoCaptions(videoId, "srt");
		store.put(captionsKey, sample.resolve("sample.srt"), "text/plain");
		worker.bean(VideoQueries.class).insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId), captionsKey);
		return videoId;
	}

	private static Event event(UUID videoId, UUID ownerId) {
		return Event.of("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString()));
	}

	private static boolean ofVideo(String runId, UUID videoId) {
		return worker.harness.runs()
			.stream()
			.anyMatch((run) -> run.runId().equals(runId)
					&& run.event().data().path("videoId").asString().equals(videoId.toString()));
	}

	private static boolean isError(StepTiming timing) {
		return timing.outcome() == StepTiming.Outcome.ERROR || timing.outcome() == StepTiming.Outcome.FUNCTION_ERROR
				|| timing.outcome() == StepTiming.Outcome.TRANSPORT_ERROR;
	}

	private static List<String> names(Path dir) {
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.map((p) -> p.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
