package com.clipworker.jobs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.clipworker.db.ClipQueries;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.ExportStatus;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.RunResult;
import com.clipworker.media.MediaFixtures;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak: N consecutive whole pipelines (process-video, generate-clips, one captioned
 * export, delete-video) in one worker, sampling threads, open file descriptors, job
 * directories, child processes and post-GC heap after each. Nothing may grow beyond a
 * small allowance over the figures after the first (warm-up) pipeline. N comes from
 * {@code -Dclipworker.soak.runs} (default 5); {@code -Dclipworker.soak.minutes} stops
 * starting pipelines once that much time has passed (the checks then cover the pipelines
 * that ran, at least two, and the log says how many); the figures (with each pipeline's
 * wall time and the one-minute load average) are logged and written to
 * {@code target/soak-figures.csv}.
 */
@Tag("slow")
class JobSoakIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(JobSoakIntegrationTests.class);

	record Sample(int run, long pipelineMillis, String loadAverage, int threads, long fds, int jobEntries,
			long children, long heapAfterGcBytes) {

		String csv() {
			return this.run + "," + this.pipelineMillis + "," + this.loadAverage + "," + this.threads + "," + this.fds
					+ "," + this.jobEntries + "," + this.children + "," + this.heapAfterGcBytes;
		}

	}

	@Test
	void consecutivePipelinesLeakNothing() throws Exception {
		int runs = Integer.getInteger("clipworker.soak.runs", 5);
		long minutes = Long.getLong("clipworker.soak.minutes", 0);
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
		Path sample = WorkerUnderTest.sample(12);
		List<Sample> samples = new ArrayList<>();
		try (WorkerUnderTest worker = WorkerUnderTest.start(ExecutorHarness.builder())) {
			for (int i = 1; i <= runs; i++) {
				long started = System.nanoTime();
				if (minutes > 0 && i > 2 && started > deadline) {
					logger.warn("soak stopped by its {}-minute budget after {} of {} pipelines", minutes, i - 1, runs);
					break;
				}
				pipeline(worker, sample);
				samples.add(sample(i, (System.nanoTime() - started) / 1_000_000, worker.workDir));
				logger.info("soak {}", samples.get(samples.size() - 1));
			}
		}
		Path figures = Path.of("target", "soak-figures.csv");
		List<String> lines = new ArrayList<>(
				List.of("run,pipeline_ms,load1,threads,fds,job_entries,children,heap_after_gc_bytes"));
		samples.forEach((s) -> lines.add(s.csv()));
		Files.write(figures, lines);
		logger.info("soak ran {} of {} pipelines", samples.size(), runs);
		Sample first = samples.get(0);
		Sample last = samples.get(samples.size() - 1);
		assertThat(samples).allSatisfy((s) -> assertThat(s.jobEntries()).as("job directories left").isZero());
		assertThat(last.threads()).as("threads").isLessThanOrEqualTo(first.threads() + 8);
		assertThat(last.fds()).as("open file descriptors").isLessThanOrEqualTo(first.fds() + 16);
		assertThat(last.children()).as("live child processes").isLessThanOrEqualTo(first.children());
		assertThat(last.heapAfterGcBytes()).as("heap after GC")
			.isLessThanOrEqualTo(first.heapAfterGcBytes() + 64L * 1024 * 1024);
	}

	private static void pipeline(WorkerUnderTest worker, Path sample) {
		UUID ownerId = UUID.randomUUID();
		UUID videoId = worker.uploadAndGenerateClips(ownerId, sample.resolve("sample.mp4"),
				sample.resolve("sample.srt"));
		UUID clipId = worker.bean(ClipQueries.class).list(videoId, 1).get(0).id();
		UUID exportId = UUID.randomUUID();
		worker.bean(ExportQueries.class).insertIfAbsent(exportId, ownerId, clipId, "vertical", "karaoke");
		RunResult exported = worker.run(Event.of("clip/export.requested",
				Map.of("exportId", exportId.toString(), "ownerId", ownerId.toString())));
		assertThat(exported.status()).as("clip-export: %s", exported.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(worker.bean(ExportQueries.class).find(exportId).orElseThrow().status()).isEqualTo(ExportStatus.DONE);
		RunResult deleted = worker
			.run(Event.of("video/deleted", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString())));
		assertThat(deleted.status()).as("delete-video: %s", deleted.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(worker.bean(ObjectStore.class).list(ObjectKeys.videoPrefix(videoId))).isEmpty();
	}

	/**
	 * Chromium starts one on-device-model utility process by itself a few minutes after
	 * launch, whatever the pages do; it is not the worker's and does not multiply, so it
	 * is left out of the child-process count (every other process of the browser counts).
	 */
	private static boolean isChromiumModelService(ProcessHandle process) {
		// Chromium rewrites its command line into one string, which ProcessHandle.Info
		// then reports without arguments: read it from /proc.
		try {
			return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
				.contains("--utility-sub-type=on_device_model.mojom.OnDeviceModelService");
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static Sample sample(int run, long pipelineMillis, Path workDir) throws IOException {
		List<Path> left = JobFaultsIntegrationTests.leftoverJobFiles(workDir, Duration.ofSeconds(10));
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		long fds;
		try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
			fds = open.count();
		}
		long children = ProcessHandle.current()
			.descendants()
			.filter(MediaFixtures::isRunning)
			.filter((process) -> !isChromiumModelService(process))
			.count();
		String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
		return new Sample(run, pipelineMillis, load, ManagementFactory.getThreadMXBean().getThreadCount(), fds,
				left.size(), children, heap);
	}

}
