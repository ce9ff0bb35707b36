package com.clipworker.jobs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.clipworker.ClipworkerApplication;
import com.clipworker.db.VideoQueries;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.scripts.TalkSample;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import com.clipworker.storage.S3MockServer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole worker as the tests drive it: the real application in local mode on a free
 * port, with its embedded PostgreSQL, S3Mock behind the R2 code path, the real ffmpeg and
 * Chromium, small export sizes, and the executor harness calling {@code /api/inngest} the
 * way Inngest does.
 */
final class WorkerUnderTest implements AutoCloseable {

	static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

	final ExecutorHarness harness;

	final ConfigurableApplicationContext app;

	final URI endpoint;

	final Path workDir;

	private WorkerUnderTest(ExecutorHarness harness, ConfigurableApplicationContext app, Path workDir) {
		this.harness = harness;
		this.app = app;
		this.workDir = workDir;
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		this.endpoint = URI.create("http://127.0.0.1:" + port + "/api/inngest");
		harness.sync(this.endpoint);
	}

	static WorkerUnderTest start(ExecutorHarness.Builder harnessBuilder, String... extra) {
		return start(harnessBuilder, S3MockServer.get().endpoint(), extra);
	}

	/**
	 * Starts the worker with its S3 client pointed at {@code s3Endpoint} (a fault proxy
	 * in front of S3Mock, say).
	 */
	static WorkerUnderTest start(ExecutorHarness.Builder harnessBuilder, URI s3Endpoint, String... extra) {
		ExecutorHarness harness = harnessBuilder.build();
		Path data = Path.of("target", "jobs-test", UUID.randomUUID().toString());
		List<String> args = new ArrayList<>(List.of("--clipworker.mode=local", "--server.port=0",
				"--server.address=127.0.0.1", "--management.server.port=0", "--clipworker.data-dir=" + data,
				"--clipworker.media.work-dir=" + data.resolve("media"), "--clipworker.health.interval=1h",
				"--inngest.base-url=" + harness.apiUrl(), "--inngest.event-key=test",
				"--clipworker.storage.r2.endpoint=" + s3Endpoint, "--clipworker.storage.r2.access-key-id=test-key",
				"--clipworker.storage.r2.secret-access-key=test-secret",
				"--clipworker.storage.r2.bucket=" + S3MockServer.BUCKET, "--clipworker.ai.picking.count=2",
				"--clipworker.ai.picking.min-duration=6s", "--clipworker.ai.picking.max-duration=15s",
				"--clipworker.media.export.vertical=360x640", "--clipworker.media.export.square=360x360",
				"--clipworker.media.export.landscape=640x360", "--clipworker.jobs.lease-retry-after=1s"));
		args.addAll(List.of(extra));
		ConfigurableApplicationContext app = new SpringApplication(ClipworkerApplication.class)
			.run(args.toArray(String[]::new));
		return new WorkerUnderTest(harness, app, data.resolve("media").toAbsolutePath());
	}

	<T> T bean(Class<T> type) {
		return this.app.getBean(type);
	}

	RunResult run(Event event) {
		List<RunHandle> runs = this.harness.send(event);
		assertThat(runs).hasSize(1);
		return this.harness.awaitCompletion(runs.get(0), RUN_TIMEOUT);
	}

	/**
	 * Does what the web app does for an upload (the source and its {@code .srt} sidecar
	 * in the store, the row, {@code video/uploaded}), then waits for process-video and
	 * the generate-clips run it fans out, both of which must complete.
	 * @param ownerId the video's owner
	 * @param video the source file
	 * @param captions the sidecar captions
	 * @return the new video's id
	 */
	UUID uploadAndGenerateClips(UUID ownerId, Path video, Path captions) {
		UUID videoId = UUID.randomUUID();
		ObjectStore store = bean(ObjectStore.class);
		store.put(ObjectKeys.videoSource(videoId), video, "video/mp4");
		store.put(ObjectKeys.videoCaptions(videoId, "srt"), captions, "text/plain");
		bean(VideoQueries.class).insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId),
				ObjectKeys.videoCaptions(videoId, "srt"));
		RunResult processed = run(
				Event.of("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString())));
		assertThat(processed.status()).as("process-video: %s", processed.error()).isEqualTo(RunResult.Status.COMPLETED);
		RunResult generated = fannedOut("generate-clips",
				(handle) -> handle.event().data().path("videoId").asString().equals(videoId.toString()));
		assertThat(generated.status()).as("generate-clips: %s", generated.error())
			.isEqualTo(RunResult.Status.COMPLETED);
		return videoId;
	}

	/**
	 * The run of a function that an event sent by the worker itself started (fan-out),
	 * once it has ended.
	 */
	RunResult fannedOut(String functionId, Predicate<RunHandle> which) {
		String composite = "clipworker-" + functionId;
		long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
		while (true) {
			for (RunHandle handle : this.harness.runs()) {
				if (handle.functionId().equals(composite) && which.test(handle)) {
					return this.harness.awaitCompletion(handle, RUN_TIMEOUT);
				}
			}
			assertThat(System.nanoTime()).as("a run of %s starts", functionId).isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
	}

	/** The talk-like sample of {@link TalkSample#make}. */
	static Path sample(int seconds) throws IOException, InterruptedException {
		return TalkSample.make(seconds);
	}

	static Path write(Path dir, String name, byte[] bytes) throws IOException {
		Files.createDirectories(dir);
		return Files.write(dir.resolve(name), bytes);
	}

	@Override
	public void close() {
		this.app.close();
		this.harness.close();
	}

}
