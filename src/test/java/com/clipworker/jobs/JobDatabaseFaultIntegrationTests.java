package com.clipworker.jobs;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

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
 * The server is the test's, and its stop and restart are made deterministic here: an
 * earlier version stopped it on a virtual thread and restarted it on the first step
 * error, so on a loaded machine the restart could begin while the stop still held the
 * embedded server's lock; the new instance then threw an unchecked
 * {@code OverlappingFileLockException} on a thread that only caught {@code IOException},
 * the server never came back, and the run exhausted its retries on "Failed to obtain JDBC
 * Connection". Now the stop waits until the old postmaster has exited (its own
 * {@code pg_ctl stop} gives up after 5 s), the restart waits up to a minute for the
 * server, any failure of either is recorded and asserted first, and the port lies below
 * the ephemeral range so no port-0 listener of another process can take it while the
 * server is down.
 */
class JobDatabaseFaultIntegrationTests {

	@Test
	@Tag("slow")
	void postgresStoppedMidRunAndRestartedIsRetriedAndTheRunCompletes() throws Exception {
		Path sample = WorkerUnderTest.sample(12);
		Path data = Files.createDirectories(Path.of("target", "pg-fault", UUID.randomUUID().toString()))
			.toAbsolutePath();
		int port = freePortBelowTheEphemeralRange();
		AtomicReference<EmbeddedPostgres> server = new AtomicReference<>(postgres(data, port));
		String url = server.get().getJdbcUrl("postgres", "postgres");
		UUID ownerId = UUID.randomUUID();
		UUID videoId = UUID.randomUUID();
		AtomicBoolean stopped = new AtomicBoolean();
		AtomicBoolean restarted = new AtomicBoolean();
		AtomicReference<Thread> restart = new AtomicReference<>();
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
						close(server.get(), data, problems);
					}
					else if (stopped.get() && isError(timing) && restarted.compareAndSet(false, true)) {
						restart.set(Thread.ofVirtual().start(() -> {
							try {
								server.set(postgres(data, port));
							}
							catch (Exception ex) {
								problems.add(ex);
							}
						}));
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

			if (restart.get() != null) {
				assertThat(restart.get().join(Duration.ofMinutes(2))).as("the restart ends").isTrue();
			}
			assertThat(problems).as("stopping and restarting the server").isEmpty();
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
			close(server.get(), data, problems);
		}
	}

	private static boolean isError(StepTiming timing) {
		return timing.outcome() == StepTiming.Outcome.ERROR || timing.outcome() == StepTiming.Outcome.FUNCTION_ERROR
				|| timing.outcome() == StepTiming.Outcome.TRANSPORT_ERROR;
	}

	private static EmbeddedPostgres postgres(Path data, int port) throws IOException {
		return EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setPort(port)
			.setPGStartupWait(Duration.ofMinutes(1))
			.start();
	}

	/**
	 * Stops the server and waits until its postmaster has exited: the embedded server's
	 * own {@code pg_ctl stop} gives up after 5 s and releases its lock anyway, and a
	 * restart beside a postmaster that is still shutting down fails.
	 */
	private static void close(EmbeddedPostgres server, Path data, List<Throwable> problems) {
		try {
			server.close();
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
			while (Files.exists(data.resolve("postmaster.pid"))) {
				if (System.nanoTime() > deadline) {
					problems.add(new IllegalStateException("The postmaster did not exit within a minute"));
					return;
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
			}
		}
		catch (IOException | RuntimeException ex) {
			problems.add(ex);
		}
	}

	/**
	 * A free port below the ephemeral range, so that no listener that asks for port 0
	 * (other servers of this or another build on the machine) is given it while the
	 * server is down.
	 */
	private static int freePortBelowTheEphemeralRange() throws IOException {
		String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
		int lowestEphemeral = Integer.parseInt(range.trim().split("\\s+")[0]);
		int from = Math.max(10_000, lowestEphemeral - 12_000);
		for (int port = from + ThreadLocalRandom.current().nextInt(10_000); port < lowestEphemeral; port++) {
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// Taken: try the next one.
			}
		}
		throw new IllegalStateException("No free port below " + lowestEphemeral);
	}

}
