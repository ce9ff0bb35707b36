package com.clipworker.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.clipworker.db.ClipsStatus;
import com.clipworker.db.TestDatabase;
import com.clipworker.db.Video;
import com.clipworker.db.VideoStatus;
import com.clipworker.inngest.Event;
import com.clipworker.jobs.generateclips.GenerateClipsActivities;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.HarnessListener;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.media.MediaFixtures;
import com.clipworker.scripts.TalkSample;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.S3MockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reliability.md I3–I6 with real processes: two replicas of the worker
 * ({@link CrashWorker}, the application plus test-only {@link CrashPoints}) share one
 * PostgreSQL database and one S3Mock bucket behind a fail-over front, and the executor
 * harness drives whole pipelines (upload, process-video, the fanned-out generate-clips,
 * clip-export, delete-video) of a 12 s 360p sample with sidecar captions. A replica is
 * killed with SIGKILL in the middle of a step, or held right after a step's work (before
 * its answer) or right after an upload (before the database write that follows it) and
 * killed there; the harness sees the connection die and redelivers, the other replica
 * takes over, and the killed one restarts on the same port and directories. A replica is
 * frozen with SIGSTOP past the harness's request timeout while its step runs, and thawed
 * while the other runs the redelivered step. The connection of a running step is cut.
 * After each scenario the runs completed, the video's objects are exactly those of a
 * clean run, and {@link StoreInvariants} hold over the whole database and bucket and on
 * the machine.
 * <p>
 * The default run kills one heavy step (process-video's transcode while its ffmpeg runs);
 * the loop over every step of every function at both kill points, the crash between an
 * upload and its database write, the SIGSTOP and the disconnect scenarios are tagged
 * {@code slow} ({@code -Dclipworker.crash.points=MID_STEP} runs the loop at one kill
 * point only). Figures go to {@code target/crash-figures.csv}.
 */
class CrashRedeliveryIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(CrashRedeliveryIntegrationTests.class);

	private static final String PROCESS = "process-video";

	private static final String CLIPS = "generate-clips";

	private static final String EXPORT = "clip-export";

	private static final String DELETE = "delete-video";

	private static final List<String> FUNCTIONS = List.of(PROCESS, CLIPS, EXPORT, DELETE);

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

	/**
	 * Long enough for every step on a loaded machine: a step that outlasts it is
	 * abandoned and run again until its attempts run out.
	 */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	private static final Path FIGURES = Path.of("target", "crash-figures.csv");

	@TempDir
	static Path temp;

	private static TestDatabase database;

	private static String bucket;

	private static S3Client s3;

	private static Path sample;

	private static ExecutorHarness harness;

	private static Replica first;

	private static Replica second;

	private static FailoverProxy front;

	private static StoreInvariants invariants;

	private static final List<Seen> seen = new CopyOnWriteArrayList<>();

	private static final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();

	private static final Map<String, Pipeline> clean = new LinkedHashMap<>();

	@BeforeAll
	static void start() throws Exception {
		database = TestDatabase.create();
		bucket = "crash-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
		s3 = S3MockServer.get().client();
		s3.createBucket((r) -> r.bucket(bucket));
		sample = TalkSample.make(12);
		invariants = new StoreInvariants(database.jdbc(), s3, bucket);
		harness = ExecutorHarness.builder()
			.retryBackoff(Duration.ofSeconds(1))
			.requestTimeout(REQUEST_TIMEOUT)
			.listener(new HarnessListener() {
				@Override
				public void stepFinished(StepTiming timing) {
					seen.add(new Seen(System.nanoTime(), timing));
				}
			})
			.build();
		ReplicaPair pair = new ReplicaPair(database, temp, bucket);
		first = new Replica(pair, "a");
		second = new Replica(pair, "b");
		first.start();
		second.start();
		first.awaitHealthy();
		second.awaitHealthy();
		front = new FailoverProxy(List.of(first.port, second.port));
		harness.sync(URI.create("http://127.0.0.1:" + front.port() + "/api/inngest"));
	}

	@AfterAll
	static void stop() {
		background.shutdownNow();
		for (AutoCloseable resource : new AutoCloseable[] { front, harness, first, second, database }) {
			if (resource != null) {
				try {
					resource.close();
				}
				catch (Exception ex) {
					logger.warn("Closing {} failed", resource, ex);
				}
			}
		}
	}

	// I3: kill -9 mid-step

	@Test
	void killedMidTranscodeTheRunCompletesOnTheOtherReplica() throws Exception {
		Crash crash = crashAndRecover(new Target(PROCESS, "transcode-proxy"), Point.MID_STEP);
		assertThat(crash.landedMidStep()).as("the kill landed while the transcode ran").isTrue();
		assertThat(crash.deadChildren()).as("the transcode's ffmpeg was running when the worker died")
			.anyMatch((command) -> command.split(" ")[0].endsWith("ffmpeg") && command.contains("proxy.mp4"));
	}

	@Test
	@Tag("slow")
	void killedMidRenderItsBrowserDoesNotOutliveTheRestart() throws Exception {
		Crash crash = crashAndRecover(new Target(EXPORT, "render"), Point.MID_STEP);
		assertThat(crash.deadChildren()).as("the replica's Chromium was running when it died")
			.anyMatch((command) -> command.contains("chromium") && command.contains("--user-data-dir="));
	}

	@TestFactory
	@Tag("slow")
	Stream<DynamicTest> killedAtEveryStepOfEveryFunctionEveryRunCompletes() throws Exception {
		List<Target> steps = clean(DELETE).steps;
		assertThat(steps).extracting(Target::function).containsAll(FUNCTIONS);
		return Stream.of(System.getProperty("clipworker.crash.points", "MID_STEP,AFTER_STEP").split(","))
			.map(Point::valueOf)
			.flatMap((point) -> steps.stream()
				.map((target) -> DynamicTest.dynamicTest(target + " " + point, () -> crashAndRecover(target, point))));
	}

	// I4: crash between the upload and the database write

	@Test
	@Tag("slow")
	void killedBetweenAnUploadAndItsDatabaseWriteTheRedeliveryConverges() throws Exception {
		Crash crash = crashAndRecover(new Target(PROCESS, "thumbnails"), Point.AFTER_UPLOAD);
		assertThat(crash.keyAtCrash()).as("the upload was stored when the worker died").isTrue();
		assertThat(crash.rowAtCrash()).as("the row did not name it yet").isFalse();
	}

	// I5: SIGSTOP past the request timeout

	@Test
	@Tag("slow")
	void aReplicaFrozenPastTheRequestTimeoutLosesItsStepToTheOtherAndDoesNotWriteWhenThawed() throws Exception {
		Pipeline baseline = clean(CLIPS);
		Upload video = uploadOnHealthyReplicas();
		String proxyKey = ObjectKeys.videoProxy(video.videoId);
		harness.routeTo(first.endpoint());
		try {
			Future<Pipeline> running = background.submit(() -> pipeline(CLIPS, video));
			awaitLine(List.of(first), "STEP_STARTED fn=" + PROCESS + " step=transcode-proxy ", Duration.ofMinutes(2));
			WorkerProcess.await(() -> transcodes(first, video) > 0, Duration.ofSeconds(30),
					"the first replica's transcode to start");
			List<ProcessHandle> frozenChildren = first.process.descendants();
			first.process.pause();
			long pausedAt = System.nanoTime();
			harness.routeTo(second.endpoint());
			awaitLine(List.of(second), "STEP_STARTED fn=" + PROCESS + " step=transcode-proxy ",
					REQUEST_TIMEOUT.plusMinutes(1));
			WorkerProcess.await(() -> transcodes(second, video) > 0 || second.since().contains("PUT key=" + proxyKey),
					Duration.ofMinutes(1), "the second replica to take the lease and transcode");
			long redeliveredAfter = System.nanoTime() - pausedAt;
			first.process.resume();
			Pipeline done = running.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			assertCompleted(done);
			StoreInvariants.assertNothingLeftBehind(List.of(first.workDir(), second.workDir()), List.of(),
					Duration.ofSeconds(30));
			assertThat(frozenChildren.stream().filter(MediaFixtures::isRunning).map(StoreInvariants::commandLine))
				.as("the frozen replica's transcode is gone once it is thawed")
				.isEmpty();
			assertThat(count(second.since(), "PUT key=" + proxyKey)).as("the proxy uploaded by the second").isOne();
			assertThat(count(first.since(), "PUT key=" + proxyKey)).as("and never by the thawed first").isZero();
			assertThat(first.since()).as("the thawed first saw its lease taken over").contains("was taken over");
			assertThat(count(first.since() + second.since(), "STEP_RETURNED fn=" + PROCESS + " step=transcode-proxy "))
				.as("one execution returned")
				.isOne();
			assertThat(timingsOf(done, PROCESS)).as("the frozen request timed out and was retried")
				.anyMatch((t) -> t.outcome() == StepTiming.Outcome.TRANSPORT_ERROR);
			assertSameAsClean(done, baseline);
			assertProxyWhole(proxyKey);
			figure("I5", PROCESS + "/transcode-proxy", "SIGSTOP", "b", true, redeliveredAfter, done.elapsedNanos, 0, 1);
		}
		finally {
			if (first.process.isAlive()) {
				first.process.resume();
			}
			harness.routeTo(null);
		}
	}

	// I6: the executor hangs up mid-step

	@Test
	@Tag("slow")
	void whenTheExecutorHangsUpMidStepTheRetryNeverRunsBesideTheFirstAttempt() throws Exception {
		Pipeline baseline = clean(CLIPS);
		Upload video = uploadOnHealthyReplicas();
		String proxyKey = ObjectKeys.videoProxy(video.videoId);
		AtomicInteger mostAtOnce = new AtomicInteger();
		AtomicBoolean sampling = new AtomicBoolean(true);
		Future<?> sampler = background.submit(() -> {
			while (sampling.get()) {
				mostAtOnce.accumulateAndGet(transcodes(first, video) + transcodes(second, video), Math::max);
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
		});
		Future<Pipeline> running = background.submit(() -> pipeline(CLIPS, video));
		Replica worker = awaitLine(List.of(first, second), "STEP_STARTED fn=" + PROCESS + " step=transcode-proxy ",
				Duration.ofMinutes(2));
		WorkerProcess.await(() -> transcodes(worker, video) > 0, Duration.ofSeconds(30), "the transcode to start");
		long cut = System.nanoTime();
		assertThat(front.disconnectAll()).as("connections cut").isPositive();
		Pipeline done = running.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		sampling.set(false);
		sampler.get();
		assertCompleted(done);
		String logs = first.since() + second.since();
		long executions = count(logs, "STEP_RETURNED fn=" + PROCESS + " step=transcode-proxy ");
		long uploads = count(logs, "PUT key=" + proxyKey);
		logger.info("I6: after the hang-up the transcode returned {} times and uploaded {} times; at most {} at once",
				executions, uploads, mostAtOnce.get());
		assertThat(mostAtOnce.get()).as("never two transcodes of the video at once").isOne();
		assertThat(timingsOf(done, PROCESS)).as("the cut request failed and was retried")
			.anyMatch((t) -> t.outcome() == StepTiming.Outcome.TRANSPORT_ERROR);
		assertThat(timingsOf(done, PROCESS))
			.filteredOn((t) -> t.stepName().equals("transcode-proxy") && t.outcome() == StepTiming.Outcome.RAN)
			.as("the executor got one result")
			.hasSize(1);
		assertThat(uploads).as("each execution that returned uploaded once").isEqualTo(executions);
		assertSameAsClean(done, baseline);
		assertProxyWhole(proxyKey);
		StoreInvariants.assertNothingLeftBehind(List.of(first.workDir(), second.workDir()), List.of(),
				Duration.ofSeconds(30));
		invariants.assertHold();
		figure("I6", PROCESS + "/transcode-proxy", "disconnect", worker.name, true, recovery(done, PROCESS, cut) - cut,
				done.elapsedNanos, 0, executions);
	}

	// The scenario behind I3 and I4

	/**
	 * Runs a pipeline far enough to reach the target, crashes whichever replica runs the
	 * target step at the point, and checks the outcome.
	 */
	private static Crash crashAndRecover(Target target, Point point) throws Exception {
		String until = (target.function.equals(PROCESS) || target.function.equals(CLIPS)) ? CLIPS : target.function;
		Pipeline baseline = clean(until);
		Upload video = uploadOnHealthyReplicas();
		String step = target.stepFor(video.videoId);
		String marker = switch (point) {
			case MID_STEP -> "STEP_STARTED fn=" + target.function + " step=" + step + " ";
			case AFTER_STEP -> "HELD after-step fn=" + target.function + " step=" + step + " ";
			case AFTER_UPLOAD -> "HELD after-put key=" + ObjectKeys.videoStoryboardVtt(video.videoId) + " ";
		};
		String arm = switch (point) {
			case MID_STEP -> null;
			case AFTER_STEP -> "after-step " + target.function + " " + step;
			case AFTER_UPLOAD -> "after-put " + ObjectKeys.videoStoryboardVtt(video.videoId);
		};
		if (arm != null) {
			first.arm(arm);
			second.arm(arm);
		}
		Duration delay = (point == Point.MID_STEP) ? baseline.durationOf(target) : Duration.ZERO;
		AtomicBoolean finished = new AtomicBoolean();
		Future<Crash> crashing = background.submit(() -> crash(marker, delay, target, step, video, finished));
		Pipeline done;
		try {
			done = pipeline(until, video);
		}
		finally {
			finished.set(true);
		}
		Crash crash = crashing.get(4, TimeUnit.MINUTES);
		assertCompleted(done);
		awaitBothHealthy();
		try {
			StoreInvariants.assertNothingLeftBehind(List.of(first.workDir(), second.workDir()), crash.dead,
					Duration.ofSeconds(30));
		}
		finally {
			crash.dead.stream().filter(MediaFixtures::isRunning).forEach(ProcessHandle::destroyForcibly);
		}
		invariants.assertHold();
		assertSameAsClean(done, baseline);
		long recovered = recovery(done, target.function, crash.killedAt);
		figure("I3", target.toString(), point.name(), crash.victim, crash.landedMidStep(), recovered - crash.killedAt,
				done.elapsedNanos, crash.restartNanos, -1);
		return crash;
	}

	private static Crash crash(String marker, Duration delay, Target target, String step, Upload video,
			AtomicBoolean finished) {
		Replica victim = awaitLine(List.of(first, second), marker, RUN_TIMEOUT, finished);
		long deadline = System.nanoTime() + delay.toNanos();
		while (System.nanoTime() < deadline && encodes(victim) == 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		boolean returned = victim.since().contains("STEP_RETURNED fn=" + target.function + " step=" + step + " ");
		List<ProcessHandle> dead = victim.process.descendants();
		List<String> deadChildren = dead.stream().map(StoreInvariants::commandLine).toList();
		first.disarm();
		second.disarm();
		victim.process.kill();
		long killedAt = System.nanoTime();
		boolean keyAtCrash = exists(ObjectKeys.videoStoryboardVtt(video.videoId));
		boolean rowAtCrash = database.videos()
			.find(video.videoId)
			.map((row) -> row.media().storyboardVttKey() != null)
			.orElse(false);
		logger.info("Killed replica {} at {} of {} ({} ms after the marker); children then: {}", victim.name, marker,
				target, delay.toMillis(), deadChildren);
		long restart = System.nanoTime();
		victim.start();
		victim.awaitHealthy();
		return new Crash(victim.name, killedAt, !returned, dead, deadChildren, keyAtCrash, rowAtCrash,
				System.nanoTime() - restart);
	}

	// The pipeline

	private record Upload(UUID videoId, UUID ownerId, UUID exportId) {
	}

	private static Upload upload() {
		Upload upload = new Upload(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
		s3.putObject((r) -> r.bucket(bucket).key(ObjectKeys.videoSource(upload.videoId)),
				RequestBody.fromFile(sample.resolve("sample.mp4")));
		s3.putObject((r) -> r.bucket(bucket).key(ObjectKeys.videoCaptions(upload.videoId, "srt")),
				RequestBody.fromFile(sample.resolve("sample.srt")));
		database.videos()
			.insertIfAbsent(upload.videoId, upload.ownerId, ObjectKeys.videoSource(upload.videoId),
					ObjectKeys.videoCaptions(upload.videoId, "srt"));
		return upload;
	}

	/**
	 * The clean run of a stage: a pipeline with no crash, run once per stage and kept.
	 */
	private static synchronized Pipeline clean(String until) throws Exception {
		Pipeline known = clean.get(until);
		if (known == null) {
			awaitBothHealthy();
			known = pipeline(until, upload());
			assertCompleted(known);
			invariants.assertHold();
			clean.put(until, known);
			logger.info("Clean run to {}: {} s; steps {}", until, known.elapsedNanos / 1_000_000_000.0, known.steps);
		}
		return known;
	}

	private static Pipeline pipeline(String until, Upload video) {
		long started = System.nanoTime();
		Map<String, Object> data = Map.of("videoId", video.videoId.toString(), "ownerId", video.ownerId.toString());
		Map<String, RunResult> results = new LinkedHashMap<>();
		results.put(PROCESS, awaitRun(harness.send(Event.of("video/uploaded", data)).get(0)));
		results.put(CLIPS, awaitRun(fannedOut(CLIPS, video.videoId)));
		if (until.equals(EXPORT) || until.equals(DELETE)) {
			database.exports()
				.insertIfAbsent(video.exportId, video.ownerId, GenerateClipsActivities.clipId(video.videoId, 1, 0),
						"vertical", "bold-pop");
			results.put(EXPORT,
					awaitRun(harness
						.send(Event.of("clip/export.requested",
								Map.of("exportId", video.exportId.toString(), "ownerId", video.ownerId.toString())))
						.get(0)));
		}
		if (until.equals(DELETE)) {
			results.put(DELETE, awaitRun(harness.send(Event.of("video/deleted", data)).get(0)));
		}
		return new Pipeline(video, until, results, System.nanoTime() - started);
	}

	private static RunResult awaitRun(RunHandle run) {
		return harness.awaitCompletion(run, RUN_TIMEOUT);
	}

	private static RunHandle fannedOut(String function, UUID videoId) {
		String composite = "clipworker-" + function;
		long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
		while (true) {
			for (RunHandle handle : harness.runs()) {
				if (handle.functionId().equals(composite)
						&& handle.event().data().path("videoId").asString().equals(videoId.toString())) {
					return handle;
				}
			}
			assertThat(System.nanoTime()).as("a run of %s starts", function).isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
	}

	/** One pipeline's runs and what they did. */
	private static final class Pipeline {

		final Upload video;

		final String until;

		final Map<String, RunResult> results;

		final long elapsedNanos;

		final List<Target> steps = new ArrayList<>();

		final Map<Target, Duration> durations = new LinkedHashMap<>();

		final Set<String> objects;

		Pipeline(Upload video, String until, Map<String, RunResult> results, long elapsedNanos) {
			this.video = video;
			this.until = until;
			this.results = results;
			this.elapsedNanos = elapsedNanos;
			for (Map.Entry<String, RunResult> entry : results.entrySet()) {
				for (StepTiming timing : timingsOf(this, entry.getKey())) {
					if (timing.outcome() == StepTiming.Outcome.RAN) {
						Target target = new Target(entry.getKey(), generic(timing.stepName(), video.videoId));
						if (!this.durations.containsKey(target)) {
							this.steps.add(target);
						}
						this.durations.merge(target, timing.duration(), (a, b) -> a.compareTo(b) > 0 ? a : b);
					}
				}
			}
			this.objects = normalized(video);
		}

		Duration durationOf(Target target) {
			Duration duration = this.durations.get(target);
			assertThat(duration).as("the clean run ran %s", target).isNotNull();
			return duration;
		}

	}

	private static List<StepTiming> timingsOf(Pipeline pipeline, String function) {
		RunResult result = pipeline.results.get(function);
		return harness.timings().stream().filter((t) -> t.runId().equals(result.run().runId())).toList();
	}

	/**
	 * Nanotime of the first answered request of the function's run after {@code after}.
	 */
	private static long recovery(Pipeline pipeline, String function, long after) {
		String runId = pipeline.results.get(function).run().runId();
		return seen.stream()
			.filter((s) -> s.at > after && s.timing.runId().equals(runId))
			.filter((s) -> switch (s.timing.outcome()) {
				case RAN, PLANNED, COMPLETE -> true;
				default -> false;
			})
			.mapToLong(Seen::at)
			.min()
			.orElse(after);
	}

	private record Seen(long at, StepTiming timing) {
	}

	private static void assertCompleted(Pipeline pipeline) {
		pipeline.results
			.forEach((function, result) -> assertThat(result.status()).as("%s: %s", function, result.error())
				.isEqualTo(RunResult.Status.COMPLETED));
		if (pipeline.until.equals(DELETE)) {
			assertThat(database.videos().find(pipeline.video.videoId)).isEmpty();
			return;
		}
		Video video = database.videos().find(pipeline.video.videoId).orElseThrow();
		assertThat(video.status()).isEqualTo(VideoStatus.READY);
		assertThat(video.clipsStatus()).isEqualTo(ClipsStatus.READY);
	}

	private static void assertSameAsClean(Pipeline pipeline, Pipeline baseline) {
		assertThat(normalized(pipeline.video)).as("the video's objects, as after a clean run")
			.isEqualTo(baseline.objects);
		assertThat(database.clips().list(pipeline.video.videoId, 1)).as("clip rows")
			.hasSize(database.clips().list(baseline.video.videoId, 1).size());
	}

	private static void assertProxyWhole(String key) throws IOException {
		Path copy = Files.createTempFile(temp, "proxy-", ".mp4");
		Files.write(copy, s3.getObjectAsBytes((r) -> r.bucket(bucket).key(key)).asByteArray());
		assertThat(MediaCheck.durationSeconds(copy)).as("the stored proxy is the whole video")
			.isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.5));
	}

	/**
	 * The keys of a video's objects with its ids replaced by placeholders, so two
	 * pipelines compare.
	 */
	private static Set<String> normalized(Upload video) {
		Set<String> keys = new TreeSet<>();
		for (String key : invariants.objectKeys()) {
			String generic = generic(key, video.videoId).replace(video.exportId.toString(), "{export}");
			if (!generic.equals(key)) {
				keys.add(generic);
			}
		}
		return keys;
	}

	private static String generic(String text, UUID videoId) {
		String generic = text.replace(videoId.toString(), "{video}");
		for (int i = 0; i < 4; i++) {
			generic = generic.replace(GenerateClipsActivities.clipId(videoId, 1, i).toString(), "{clip-" + i + "}");
		}
		return generic;
	}

	private static boolean exists(String key) {
		return s3.listObjectsV2((r) -> r.bucket(bucket).prefix(key))
			.contents()
			.stream()
			.anyMatch((o) -> o.key().equals(key));
	}

	// Replicas and their logs

	/** A step of a function, with clip ids as placeholders. */
	private record Target(String function, String step) {

		String stepFor(UUID videoId) {
			String concrete = this.step;
			for (int i = 0; i < 4; i++) {
				concrete = concrete.replace("{clip-" + i + "}",
						GenerateClipsActivities.clipId(videoId, 1, i).toString());
			}
			return concrete;
		}

		@Override
		public String toString() {
			return this.function + "/" + this.step;
		}

	}

	/** Where a replica dies. */
	enum Point {

		/**
		 * While the step's ffmpeg runs, or, for a step that starts none within its clean
		 * duration, once that duration has passed since it started.
		 */
		MID_STEP,
		/** After the step's body returned, before its answer was sent. */
		AFTER_STEP,
		/** After the upload of the storyboard index, before thumbnails writes the row. */
		AFTER_UPLOAD

	}

	private record Crash(String victim, long killedAt, boolean landedMidStep, List<ProcessHandle> dead,
			List<String> deadChildren, boolean keyAtCrash, boolean rowAtCrash, long restartNanos) {
	}

	private static final class Replica implements AutoCloseable {

		final ReplicaPair pair;

		final String name;

		final int port = ReplicaPair.freePort();

		final Path control;

		int starts;

		int mark;

		WorkerProcess process;

		Replica(ReplicaPair pair, String name) {
			this.pair = pair;
			this.name = name;
			this.control = temp.resolve(name + ".control");
		}

		void start() {
			Map<String, String> env = new LinkedHashMap<>(
					this.pair.env(this.name, this.port, harness.apiUrl(), Duration.ofSeconds(5)));
			env.put("CLIPWORKER_CRASH_CONTROL", this.control.toString());
			env.put("CLIPWORKER_MEDIA_STALEAFTER", "0s");
			env.put("CLIPWORKER_JOBS_LEASERETRYAFTER", "1s");
			env.put("CLIPWORKER_AI_PICKING_COUNT", "2");
			env.put("CLIPWORKER_AI_PICKING_MINDURATION", "6s");
			env.put("CLIPWORKER_AI_PICKING_MAXDURATION", "15s");
			env.put("CLIPWORKER_MEDIA_EXPORT_VERTICAL", "360x640");
			env.put("CLIPWORKER_MEDIA_EXPORT_SQUARE", "360x360");
			env.put("CLIPWORKER_MEDIA_EXPORT_LANDSCAPE", "640x360");
			this.starts++;
			this.mark = 0;
			this.process = WorkerProcess.start(CrashWorker.class.getName(), env, List.of(),
					temp.resolve(this.name + "-" + this.starts + ".log"));
		}

		void awaitHealthy() {
			ReplicaPair.awaitHealthy(this.process, this.port, Duration.ofMinutes(3));
		}

		URI endpoint() {
			return URI.create("http://127.0.0.1:" + this.port + "/api/inngest");
		}

		Path workDir() {
			return temp.resolve(this.name).resolve("media");
		}

		void mark() {
			this.mark = this.process.output().length();
		}

		/** The output since {@link #mark()}. */
		String since() {
			String output = this.process.output();
			return output.substring(Math.min(this.mark, output.length()));
		}

		void arm(String point) throws IOException {
			Files.writeString(this.control, point + "\n", StandardCharsets.UTF_8);
		}

		void disarm() {
			try {
				Files.deleteIfExists(this.control);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void close() {
			if (this.process != null) {
				this.process.close();
			}
		}

	}

	private static void awaitBothHealthy() {
		first.awaitHealthy();
		second.awaitHealthy();
	}

	/**
	 * A new upload, once both replicas are healthy, with both logs marked so that the
	 * scenario reads only its own lines.
	 */
	private static Upload uploadOnHealthyReplicas() {
		awaitBothHealthy();
		first.mark();
		second.mark();
		return upload();
	}

	private static Replica awaitLine(List<Replica> replicas, String text, Duration timeout) {
		return awaitLine(replicas, text, timeout, new AtomicBoolean());
	}

	/** The replica whose output since its mark shows the text first. */
	private static Replica awaitLine(List<Replica> replicas, String text, Duration timeout, AtomicBoolean giveUp) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			for (Replica replica : replicas) {
				if (replica.since().contains(text)) {
					return replica;
				}
			}
			if (giveUp.get() || System.nanoTime() > deadline) {
				throw new AssertionError("No replica printed \"" + text + "\"");
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
	}

	/** The replica's running ffmpeg processes. */
	private static int encodes(Replica replica) {
		return (int) replica.process.descendants()
			.stream()
			.filter(MediaFixtures::isRunning)
			.map(StoreInvariants::commandLine)
			.filter((command) -> command.split(" ")[0].endsWith("ffmpeg"))
			.count();
	}

	/** The replica's ffmpeg processes writing this video's proxy. */
	private static int transcodes(Replica replica, Upload video) {
		if (!replica.process.isAlive()) {
			return 0;
		}
		return (int) replica.process.descendants()
			.stream()
			.filter(MediaFixtures::isRunning)
			.map(StoreInvariants::commandLine)
			.filter((command) -> command.contains("ffmpeg") && command.contains("proxy.mp4"))
			.count();
	}

	private static long count(String output, String text) {
		return output.lines().filter((line) -> line.contains(text)).count();
	}

	/**
	 * One line of figures: recovery is from the crash (kill, freeze or hang-up) to the
	 * run's next answered request; restart is the killed replica's time to healthy;
	 * executions counts how often the step's body returned ({@code -1}: not counted).
	 */
	private static void figure(String row, String target, String point, String victim, boolean midStep,
			long recoveryNanos, long pipelineNanos, long restartNanos, long executions) throws IOException {
		String line = String.join(",", row, target, point, victim, Boolean.toString(midStep),
				Long.toString(recoveryNanos / 1_000_000), Long.toString(pipelineNanos / 1_000_000),
				Long.toString(restartNanos / 1_000_000), Long.toString(executions),
				String.format(java.util.Locale.ROOT, "%.2f", loadAverage()));
		logger.info("FIGURE {}", line);
		Files.createDirectories(FIGURES.getParent());
		if (!Files.exists(FIGURES)) {
			Files.writeString(FIGURES,
					"row,target,point,victim,mid_step,recovery_ms,pipeline_ms,restart_ms,executions,load\n");
		}
		Files.writeString(FIGURES, line + "\n", StandardOpenOption.APPEND);
	}

	private static double loadAverage() {
		try {
			return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
