package com.clipworker.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clipworker.db.TestDatabase;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reliability.md D1–D3 with real processes: two worker replicas share one PostgreSQL
 * database and one S3 bucket behind a front that sends new connections to the first
 * replica that accepts them (what an edge does during a deploy). The executor harness
 * starts a run whose one step encodes for several seconds; the first replica gets SIGTERM
 * while the step runs. With a grace period longer than the step, the step finishes on the
 * first replica and its answer arrives, while new connections to it are refused. With a
 * short grace period the step is cut, the harness retries it, and the second replica runs
 * it. Either way the run completes, exactly one complete object is stored, no multipart
 * upload is left open and no ffmpeg of the first replica outlives it. The long-grace case
 * runs by default (about a minute); the short-grace case is tagged {@code slow}.
 */
class GracefulShutdownIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(GracefulShutdownIntegrationTests.class);

	private static TestDatabase database;

	@TempDir
	static Path temp;

	@BeforeAll
	static void services() {
		database = TestDatabase.create();
		S3MockServer.get();
	}

	@AfterAll
	static void closeDatabase() {
		database.close();
	}

	@Test
	void withALongGracePeriodTheStepFinishesAndNewConnectionsAreRefused() throws Exception {
		Scenario scenario = run("long", Duration.ofSeconds(60), 6, (first, firstPort) -> {
			WorkerProcess.await(() -> ReplicaPair.refuses(firstPort), Duration.ofSeconds(10),
					"the first replica to refuse new connections");
			assertThat(first.output()).as("refusing while the step still runs").doesNotContain("PROBE_STEP_FINISHED");
			assertThat(first.isAlive()).isTrue();
		});
		assertThat(count(scenario.first, "PROBE_STEP_STARTED")).isOne();
		assertThat(count(scenario.first, "PROBE_STEP_FINISHED"))
			.as("the step finished where it started: %s", scenario.first)
			.isOne();
		assertThat(count(scenario.second, "PROBE_STEP_STARTED")).as("the step never ran again").isZero();
		assertThat(scenario.timings.stream()
			.filter((t) -> t.stepName().equals("encode") && t.outcome() == StepTiming.Outcome.RAN)
			.count()).isOne();
	}

	@Test
	@Tag("slow")
	void withAShortGracePeriodTheStepIsCutAndTheOtherReplicaRunsItAgain() throws Exception {
		Scenario scenario = run("short", Duration.ofSeconds(1), 8, (first, firstPort) -> {
		});
		assertThat(count(scenario.first, "PROBE_STEP_STARTED")).isOne();
		assertThat(count(scenario.first, "PROBE_STEP_FINISHED")).as("cut before it finished").isZero();
		assertThat(count(scenario.second, "PROBE_STEP_FINISHED")).as("finished on the other replica").isOne();
		assertThat(scenario.firstExit).as("the first replica stopped soon after its grace period")
			.isLessThan(Duration.ofSeconds(20));
	}

	private Scenario run(String name, Duration grace, int seconds, AfterTerm afterTerm) throws Exception {
		Path dir = Files.createDirectories(temp.resolve(name));
		ReplicaPair pair = new ReplicaPair(database, dir);
		int firstPort = ReplicaPair.freePort();
		int secondPort = ReplicaPair.freePort();
		try (ExecutorHarness harness = ExecutorHarness.builder().retryBackoff(Duration.ofMillis(500)).build();
				WorkerProcess first = pair.start(name + "-first", firstPort, harness.apiUrl(), grace, List.of());
				WorkerProcess second = pair.start(name + "-second", secondPort, harness.apiUrl(), grace, List.of());
				FailoverProxy front = new FailoverProxy(List.of(firstPort, secondPort))) {
			List<String> startup = ReplicaPair.awaitHealthy(first, firstPort, Duration.ofMinutes(3));
			ReplicaPair.awaitHealthy(second, secondPort, Duration.ofMinutes(3));
			logger.info("{}: health answers of the first replica while it started: {}", name, startup);
			assertThat(startup.subList(0, startup.size() - 1))
				.as("nothing but refusals, unanswered polls or 503 before ready")
				.allSatisfy((answer) -> assertThat(answer).matches("refused|failed .*|503 .*"));
			assertThat(startup.get(startup.size() - 1)).contains("\"database\":\"ok\"")
				.contains("\"objectStore\":\"ok\"")
				.contains("\"ffmpeg\":\"ok\"");
			harness.sync(URI.create("http://127.0.0.1:" + front.port() + "/api/inngest"));
			UUID exportId = UUID.randomUUID();
			RunHandle run = harness
				.send(Event.of("test/probe.encode", Map.of("exportId", exportId.toString(), "seconds", seconds)))
				.get(0);
			first.awaitOutput("PROBE_STEP_STARTED", Duration.ofMinutes(1));
			List<ProcessHandle> children = ProcessHandle.of(first.pid())
				.map((p) -> p.descendants().toList())
				.orElse(List.of());
			assertThat(children).as("the step's ffmpeg runs").isNotEmpty();
			long terminated = System.nanoTime();
			first.terminate();
			afterTerm.check(first, firstPort);
			RunResult result = harness.awaitCompletion(run, Duration.ofMinutes(3));
			int exit = first.awaitExit(Duration.ofMinutes(2));
			Duration firstExit = Duration.ofNanos(System.nanoTime() - terminated);
			logger.info("{}: run {} after SIGTERM; first replica exited with {} after {} ms", name, result.status(),
					exit, firstExit.toMillis());
			assertThat(result.status()).as(first.tail()).isEqualTo(RunResult.Status.COMPLETED);
			assertThat(children).as("no ffmpeg of the first replica outlives it").noneMatch(ProcessHandle::isAlive);
			assertStoredOnce(exportId, seconds, result);
			logger.info("{}: the first replica's log after SIGTERM:\n{}", name, first.tail());
			return new Scenario(first.output(), second.output(), harness.timings(), firstExit);
		}
	}

	private static void assertStoredOnce(UUID exportId, int seconds, RunResult result) throws IOException {
		S3Client s3 = S3MockServer.get().client();
		String key = ObjectKeys.exportFinal(exportId);
		var listed = s3.listObjectsV2((r) -> r.bucket(S3MockServer.BUCKET).prefix(ObjectKeys.exportPrefix(exportId)));
		assertThat(listed.contents()).extracting((o) -> o.key()).containsExactly(key);
		assertThat(listed.contents().get(0).size()).isEqualTo(result.output().get("size").asLong());
		assertThat(s3.listMultipartUploads((r) -> r.bucket(S3MockServer.BUCKET)).uploads()).isEmpty();
		Path copy = Files.createTempFile(temp, "stored-", ".mp4");
		Files.write(copy, s3.getObjectAsBytes((r) -> r.bucket(S3MockServer.BUCKET).key(key)).asByteArray());
		assertThat(MediaCheck.durationSeconds(copy)).as("the stored object is the whole encode")
			.isCloseTo(seconds, org.assertj.core.data.Offset.offset(0.5));
	}

	private static long count(String output, String marker) {
		return output.lines().filter((line) -> line.contains(marker)).count();
	}

	@FunctionalInterface
	private interface AfterTerm {

		void check(WorkerProcess first, int firstPort) throws Exception;

	}

	private record Scenario(String first, String second, List<StepTiming> timings, Duration firstExit) {
	}

}
