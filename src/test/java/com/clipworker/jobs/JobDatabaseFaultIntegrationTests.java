package com.clipworker.jobs;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.clipworker.db.VideoQueries;
import com.clipworker.db.VideoStatus;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.HarnessListener;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped in the middle of a process-video run and started again: the worker
 * connects by {@code DATABASE_URL} to a server of its own that the test stops once the
 * probe is done and restarts once a step has failed. The failure must be retriable, no
 * job directory may be left behind, and the run must complete.
 * <p>
 * The lease of the step that was running when the server went away cannot be released
 * then, so redeliveries are refused (retry-after) until it lapses: the lease's time to
 * live is shortened here so that it lapses within the harness's retry budget, as the
 * default 30 s lapses within twelve retries 30 s apart in production.
 * <p>
 * Tagged {@code slow}: on a loaded machine one run exhausted its retries while every
 * attempt waited out the connection pool's timeout against the restarted server.
 */
class JobDatabaseFaultIntegrationTests {

	@Test
	@Tag("slow")
	void postgresStoppedMidRunAndRestartedIsRetriedAndTheRunCompletes() throws Exception {
		Path sample = WorkerUnderTest.sample(12);
		Path data = Files.createDirectories(Path.of("target", "pg-fault", UUID.randomUUID().toString()))
			.toAbsolutePath();
		int port = freePort();
		AtomicReference<EmbeddedPostgres> server = new AtomicReference<>(postgres(data, port));
		String url = server.get().getJdbcUrl("postgres", "postgres");
		UUID ownerId = UUID.randomUUID();
		UUID videoId = UUID.randomUUID();
		AtomicBoolean stopped = new AtomicBoolean();
		AtomicBoolean restarted = new AtomicBoolean();
		List<StepTiming> seen = new CopyOnWriteArrayList<>();
		List<Throwable> problems = new CopyOnWriteArrayList<>();
		ExecutorHarness.Builder harness = ExecutorHarness.builder()
			.retryBackoff(Duration.ofSeconds(1))
			.listener(new HarnessListener() {
				@Override
				public void stepFinished(StepTiming timing) {
					if (!timing.functionId().equals("clipworker-process-video")) {
						return;
					}
					seen.add(timing);
					if (timing.stepName().equals("probe") && timing.outcome() == StepTiming.Outcome.RAN
							&& stopped.compareAndSet(false, true)) {
						// Stopped before the answer is handled, so the next step meets it
						// down.
						close(server.get(), problems);
					}
					else if (stopped.get() && isError(timing) && restarted.compareAndSet(false, true)) {
						Thread.ofVirtual().start(() -> {
							try {
								server.set(postgres(data, port));
							}
							catch (IOException ex) {
								problems.add(ex);
							}
						});
					}
				}
			});
		try (WorkerUnderTest worker = WorkerUnderTest.start(harness, "--clipworker.database.url=" + url,
				"--clipworker.database.lease.ttl=4s", "--clipworker.database.lease.renew-every=1s")) {
			ObjectStore store = worker.bean(ObjectStore.class);
			store.put(ObjectKeys.videoSource(videoId), sample.resolve("sample.mp4"), "video/mp4");
			store.put(ObjectKeys.videoCaptions(videoId, "srt"), sample.resolve("sample.srt"), "text/plain");
			worker.bean(VideoQueries.class)
				.insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId),
						ObjectKeys.videoCaptions(videoId, "srt"));

			RunResult processed = worker
				.run(Event.of("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString())));

			assertThat(problems).isEmpty();
			assertThat(stopped).as("the server was stopped mid-run").isTrue();
			assertThat(restarted).as("a step failed while it was down, and it was restarted").isTrue();
			assertThat(processed.status()).as("process-video: %s", processed.error())
				.isEqualTo(RunResult.Status.COMPLETED);
			assertThat(seen).noneMatch((t) -> t.outcome() == StepTiming.Outcome.FAILED);
			assertThat(worker.bean(VideoQueries.class).find(videoId).orElseThrow().status())
				.isEqualTo(VideoStatus.READY);
			RunResult generated = worker.fannedOut("generate-clips",
					(run) -> run.event().data().path("videoId").asString().equals(videoId.toString()));
			assertThat(generated.status()).as("generate-clips: %s", generated.error())
				.isEqualTo(RunResult.Status.COMPLETED);
			assertThat(JobFaultsIntegrationTests.leftoverJobFiles(worker.workDir, Duration.ofSeconds(10))).isEmpty();
		}
		finally {
			close(server.get(), problems);
		}
	}

	private static boolean isError(StepTiming timing) {
		return timing.outcome() == StepTiming.Outcome.ERROR || timing.outcome() == StepTiming.Outcome.FUNCTION_ERROR
				|| timing.outcome() == StepTiming.Outcome.TRANSPORT_ERROR;
	}

	private static EmbeddedPostgres postgres(Path data, int port) throws IOException {
		return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
	}

	private static void close(EmbeddedPostgres server, List<Throwable> problems) {
		try {
			server.close();
		}
		catch (IOException ex) {
			problems.add(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
