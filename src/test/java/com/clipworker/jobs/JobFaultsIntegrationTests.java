package com.clipworker.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.clipworker.db.Clip;
import com.clipworker.db.ClipQueries;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.ExportStatus;
import com.clipworker.db.VideoQueries;
import com.clipworker.db.VideoStatus;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.HarnessListener;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.media.Ffprobe;
import com.clipworker.media.JobDirectories;
import com.clipworker.media.MediaFixtures;
import com.clipworker.media.MediaProperties;
import com.clipworker.media.ProbeResult;
import com.clipworker.media.ProcessKind;
import com.clipworker.media.ProcessRunner;
import com.clipworker.media.captions.Chromium;
import com.clipworker.storage.ObjectInfo;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import com.clipworker.storage.S3MockServer;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Infrastructure faults in the middle of a real process-video run: the S3 endpoint
 * (WireMock proxying to S3Mock, with a fault stub laid over it) answering 500 or 503,
 * resetting connections or not answering in time; the speech API answering 429, 500 or
 * malformed JSON; ffmpeg killed with SIGKILL mid-transcode; the disk filling under the
 * proxy encode; Chromium's whole process tree killed while clip-export screenshots
 * caption states. Each fault must make the step fail retriably (the harness sees a step
 * error, never a failed step), leave no temporary files in the media work directory and
 * no objects beyond the expected ones, and the run must complete once the fault clears. A
 * replica whose one heavy slot is taken is not a fault: its queued steps are deferred
 * without using their attempts, and the runs complete.
 */
class JobFaultsIntegrationTests {

	private static final String PROCESS = "clipworker-process-video";

	private static final String TRANSCRIPTION = "/openai/v1/audio/transcriptions";

	private static WireMockServer s3;

	private static WireMockServer groq;

	private static WorkerUnderTest worker;

	private static Path sample;

	private static StepFailureLog stepFailures;

	@BeforeAll
	static void start() throws Exception {
		sample = WorkerUnderTest.sample(12);
		s3 = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
		s3.start();
		s3.stubFor(any(anyUrl()).atPriority(10)
			.willReturn(aResponse().proxiedFrom(S3MockServer.get().endpoint().toString())));
		groq = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
		groq.start();
		speechAnswersWell();
		worker = WorkerUnderTest.start(ExecutorHarness.builder().retryBackoff(Duration.ofMillis(300)),
				java.net.URI.create(s3.baseUrl()), "--clipworker.storage.socket-timeout=2s",
				"--clipworker.storage.max-attempts=2", "--clipworker.ai.transcription.timeout=5s",
				"--clipworker.ai.groq.api-key=gsk_fault-fake-key-0123", "--clipworker.ai.picking.provider=HEURISTIC",
				"--clipworker.ai.groq.base-url=" + groq.baseUrl() + "/openai/v1");
		stepFailures = StepFailureLog.attach();
	}

	@AfterAll
	static void stop() {
		if (stepFailures != null) {
			stepFailures.close();
		}
		if (worker != null) {
			worker.close();
		}
		if (s3 != null) {
			s3.stop();
		}
		if (groq != null) {
			groq.stop();
		}
	}

	private static void speechAnswersWell() {
		groq.resetAll();
		groq.stubFor(post(urlEqualTo(TRANSCRIPTION)).willReturn(okJson("""
				{"task":"transcribe","language":"english","duration":30.0,"text":" Welcome back. Why do clips work?",
				 "segments":[{"id":0,"seek":0,"start":1.0,"end":4.0,"text":" Welcome back. Why do clips work?",
				   "tokens":[1],"temperature":0.0,"avg_logprob":-0.1,"compression_ratio":1.2,"no_speech_prob":0.01}],
				 "words":[{"word":"Welcome","start":1.0,"end":1.4},{"word":"back.","start":1.45,"end":1.9},
				          {"word":"Why","start":2.3,"end":2.5},{"word":"do","start":2.55,"end":2.7},
				          {"word":"clips","start":2.75,"end":3.2},{"word":"work?","start":3.25,"end":4.0}]}""")));
	}

	enum StorageFault {

		HTTP_500(aResponse().withStatus(500).withBody("<Error><Code>InternalError</Code></Error>")),

		HTTP_503(aResponse().withStatus(503).withBody("<Error><Code>SlowDown</Code></Error>")),

		CONNECTION_RESET(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),

		NO_ANSWER_IN_TIME(aResponse().withStatus(200).withFixedDelay(6_000));

		final ResponseDefinitionBuilder response;

		StorageFault(ResponseDefinitionBuilder response) {
			this.response = response;
		}

	}

	@Test
	void storageAnswering503AfterTheProbeIsRetriedAndTheRunCompletes() {
		storageFaultIsRetriedAndTheRunCompletes(StorageFault.HTTP_503);
	}

	@ParameterizedTest
	@EnumSource(StorageFault.class)
	@Tag("slow")
	void aStorageFaultAfterTheProbeIsRetriedAndTheRunCompletes(StorageFault fault) {
		storageFaultIsRetriedAndTheRunCompletes(fault);
	}

	private void storageFaultIsRetriedAndTheRunCompletes(StorageFault fault) {
		UUID ownerId = UUID.randomUUID();
		UUID videoId = upload(ownerId, true);
		AtomicBoolean faulty = new AtomicBoolean();
		StubMapping[] stub = new StubMapping[1];
		List<StepTiming> seen = watch(videoId, (timing) -> {
			if (timing.stepName().equals("probe") && timing.outcome() == StepTiming.Outcome.RAN
					&& faulty.compareAndSet(false, true)) {
				stub[0] = s3.stubFor(any(anyUrl()).atPriority(1).willReturn(fault.response));
			}
			else if (isError(timing) && stub[0] != null) {
				s3.removeStub(stub[0]);
			}
		});

		RunResult processed = process(videoId, ownerId);

		assertThat(faulty).as("the fault was laid").isTrue();
		assertRetriedAndCompleted(processed, seen);
		assertVideoComplete(worker, videoId, true);
	}

	@Test
	@Tag("slow")
	void speechApiAnswering429IsRetriedAndTheRunCompletes() {
		speechFaultIsRetriedAndTheRunCompletes(SpeechFault.HTTP_429);
	}

	@ParameterizedTest
	@EnumSource(SpeechFault.class)
	@Tag("slow")
	void aSpeechApiFaultIsRetriedAndTheRunCompletes(SpeechFault fault) {
		speechFaultIsRetriedAndTheRunCompletes(fault);
	}

	private void speechFaultIsRetriedAndTheRunCompletes(SpeechFault fault) {
		groq.stubFor(post(urlEqualTo(TRANSCRIPTION)).atPriority(1).willReturn(fault.response));
		UUID ownerId = UUID.randomUUID();
		UUID videoId = upload(ownerId, false);
		List<StepTiming> seen = watch(videoId, (timing) -> {
			if (isError(timing)) {
				speechAnswersWell();
			}
		});
		try {
			RunResult processed = process(videoId, ownerId);
			assertRetriedAndCompleted(processed, seen);
			assertThat(seen).filteredOn(JobFaultsIntegrationTests::isError)
				.extracting(StepTiming::stepName)
				.allMatch((name) -> name.startsWith("transcribe-chunk-") || name.equals("step"));
			assertVideoComplete(worker, videoId, false);
		}
		finally {
			speechAnswersWell();
		}
	}

	enum SpeechFault {

		HTTP_429(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"error\":\"rate\"}")),

		HTTP_500(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")),

		MALFORMED_JSON(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"text\": \"unterminated")),

		TRUNCATED_CONNECTION(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK));

		final ResponseDefinitionBuilder response;

		SpeechFault(ResponseDefinitionBuilder response) {
			this.response = response;
		}

	}

	@Test
	void ffmpegKilledMidTranscodeIsRetriedAndTheRunCompletes() {
		UUID ownerId = UUID.randomUUID();
		UUID videoId = upload(ownerId, true);
		List<StepTiming> seen = watch(videoId, (timing) -> {
		});
		List<RunHandle> runs = worker.harness.send(event(videoId, ownerId));
		String killed = killFirst((command) -> command.contains("ffmpeg")
				&& command.contains(worker.workDir.getParent().getFileName().toString()) && command.contains("proxy"));
		assertThat(killed).as("an ffmpeg transcode was seen and killed").isNotEmpty();
		RunResult processed = worker.harness.awaitCompletion(runs.get(0), WorkerUnderTest.RUN_TIMEOUT);
		assertThat(seen).as("killed %s", killed).anyMatch((t) -> t.stepName().equals("transcode-proxy") && isError(t));
		assertRetriedAndCompleted(processed, seen);
		assertVideoComplete(worker, videoId, true);
	}

	@Test
	void aDiskThatFillsUnderTheProxyEncodeIsRetriedAndTheRunCompletes() throws IOException {
		UUID ownerId = UUID.randomUUID();
		UUID videoId = upload(ownerId, true);
		List<Boolean> proxyStoredAtTheError = new CopyOnWriteArrayList<>();
		List<StepTiming> seen = watch(videoId, (timing) -> {
			if (timing.stepName().equals("transcode-proxy") && isError(timing)) {
				proxyStoredAtTheError.add(worker.bean(ObjectStore.class).exists(ObjectKeys.videoProxy(videoId)));
			}
		});
		ProcessRunner runner = worker.bean(ProcessRunner.class);
		List<ProcessRunner.Slot> held = new ArrayList<>();
		Path job;
		try {
			for (int i = 0; i < worker.bean(MediaProperties.class).slots(ProcessKind.HEAVY); i++) {
				held.add(runner.acquire(ProcessKind.HEAVY));
			}
			worker.harness.send(event(videoId, ownerId));
			// The proxy encode waits for a slot in its job directory; its output becomes
			// a
			// device where every write fails with ENOSPC.
			awaitWaiting(worker, ProcessKind.HEAVY);
			job = single(worker.workDir, "process-video-");
			Files.createSymbolicLink(job.resolve("proxy.mp4"), Path.of("/dev/full"));
		}
		finally {
			held.forEach(ProcessRunner.Slot::close);
		}
		RunResult processed = worker.harness.awaitCompletion(runOf(videoId), WorkerUnderTest.RUN_TIMEOUT);

		assertThat(seen).anyMatch((t) -> t.stepName().equals("transcode-proxy") && isError(t));
		assertThat(stepFailures.last("transcode-proxy")).contains("InsufficientDiskException")
			.contains("No space left on device under " + job)
			.containsPattern("\\(\\d+ bytes free\\)");
		assertThat(proxyStoredAtTheError).as("no proxy object after the failed encode").containsOnly(false);
		assertThat(job).as("the failed attempt's job directory").doesNotExist();
		assertRetriedAndCompleted(processed, seen);
		assertVideoComplete(worker, videoId, true);
	}

	@Test
	void aReplicaWithOneHeavySlotDefersQueuedStepsWithoutUsingTheirAttempts() throws Exception {
		Map<String, Integer> deferrals = new java.util.concurrent.ConcurrentHashMap<>();
		List<StepTiming> seen = new CopyOnWriteArrayList<>();
		ExecutorHarness.Builder harness = ExecutorHarness.builder().listener(new HarnessListener() {
			@Override
			public void stepFinished(StepTiming timing) {
				seen.add(timing);
				if (timing.outcome() == StepTiming.Outcome.DEFERRED) {
					deferrals.merge(timing.stepName(), 1, Integer::sum);
				}
			}
		});
		// Two attempts per step; three segment steps (a 240p proxy of the 360p source is
		// a transcode, not a remux), then two preview renders, at once on one heavy
		// slot, each answering busy after 300 ms.
		try (WorkerUnderTest busy = WorkerUnderTest.start(harness, "--clipworker.media.heavy-slots=1",
				"--clipworker.media.busy-wait=300ms", "--clipworker.media.proxy-height=240",
				"--clipworker.jobs.retries=1", "--clipworker.jobs.segment-length=4s",
				"--clipworker.ai.picking.provider=HEURISTIC")) {
			ProcessRunner.Slot held = busy.bean(ProcessRunner.class).acquire(ProcessKind.HEAVY);
			AtomicBoolean deferredTwice = new AtomicBoolean();
			Thread releaser = Thread.ofVirtual().start(() -> {
				// Held until one step has been answered busy as often as it has attempts.
				try (held) {
					long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
					while (System.nanoTime() < deadline && !deferredTwice.get()) {
						deferredTwice.set(deferrals.values().stream().anyMatch((n) -> n >= 2));
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
					}
				}
			});
			UUID videoId = busy.uploadAndGenerateClips(UUID.randomUUID(), sample.resolve("sample.mp4"),
					sample.resolve("sample.srt"));
			releaser.join();

			assertThat(deferredTwice).as("a step was deferred twice while the slot was held").isTrue();
			assertThat(deferrals.keySet()).anyMatch((step) -> step.startsWith("transcode-segment-"));
			assertThat(seen).as("no busy answer used an attempt")
				.noneMatch((t) -> t.outcome() == StepTiming.Outcome.ERROR || t.outcome() == StepTiming.Outcome.FAILED);
			assertThat(busy.bean(MeterRegistry.class).get("inngest.steps").tag("outcome", "deferred").timers())
				.isNotEmpty();
			assertThat(busy.bean(VideoQueries.class).find(videoId).orElseThrow().status()).isEqualTo(VideoStatus.READY);
			assertThat(busy.bean(ClipQueries.class).list(videoId, 1)).isNotEmpty();
		}
	}

	@Test
	void chromiumKilledWhileCaptionStatesAreScreenshottedIsRetriedAndTheExportCompletes() throws Exception {
		UUID ownerId = UUID.randomUUID();
		UUID videoId = upload(ownerId, true);
		assertThat(process(videoId, ownerId).status()).isEqualTo(RunResult.Status.COMPLETED);
		assertVideoComplete(worker, videoId, true);
		Clip clip = worker.bean(ClipQueries.class).list(videoId, 1).get(0);
		UUID exportId = UUID.randomUUID();
		worker.bean(ExportQueries.class).insertIfAbsent(exportId, ownerId, clip.id(), "vertical", "karaoke");
		List<StepTiming> seen = new CopyOnWriteArrayList<>();
		List<String> storedAtTheError = new CopyOnWriteArrayList<>();
		worker.harness.addListener(new HarnessListener() {
			@Override
			public void stepFinished(StepTiming timing) {
				if (timing.functionId().equals("clipworker-clip-export") && ofExport(timing.runId(), exportId)) {
					seen.add(timing);
					if (isError(timing)) {
						worker.bean(ObjectStore.class)
							.list(ObjectKeys.exportPrefix(exportId))
							.forEach((object) -> storedAtTheError.add(object.key()));
					}
				}
			}
		});
		Chromium chromium = worker.bean(Chromium.class);

		List<RunHandle> runs = worker.harness.send(Event.of("clip/export.requested",
				Map.of("exportId", exportId.toString(), "ownerId", ownerId.toString())));
		KilledBrowser killed = killChromiumOnceAStateIsScreenshotted(chromium);
		RunResult exported = worker.harness.awaitCompletion(runs.get(0), WorkerUnderTest.RUN_TIMEOUT);

		assertThat(exported.status()).as("clip-export: %s", exported.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(seen).as("the render failed retriably, once")
			.filteredOn(JobFaultsIntegrationTests::isError)
			.extracting(StepTiming::stepName)
			.containsExactly("render");
		assertThat(seen).noneMatch((t) -> t.outcome() == StepTiming.Outcome.FAILED);
		assertThat(stepFailures.last("render")).contains("MediaProcessException").contains("went away");
		assertThat(storedAtTheError).as("nothing stored by the failed render").isEmpty();
		assertThat(chromium.launches()).as("a new browser for the retry").isEqualTo(killed.launches() + 1);
		assertThat(MediaFixtures.stillRunning(killed.tree(), Duration.ofSeconds(10)))
			.as("the killed browser's processes")
			.isEmpty();
		assertThat(chromiumProfiles()).as("only the live browser's profile").hasSize(1);
		assertThat(worker.bean(ExportQueries.class).find(exportId).orElseThrow().status()).isEqualTo(ExportStatus.DONE);
		assertThat(worker.bean(ObjectStore.class).list(ObjectKeys.exportPrefix(exportId))).extracting(ObjectInfo::key)
			.containsExactly(ObjectKeys.exportFinal(exportId));
		Path out = Files.createTempDirectory("export-probe").resolve("final.mp4");
		worker.bean(ObjectStore.class).get(ObjectKeys.exportFinal(exportId), out);
		ProbeResult probe = worker.bean(Ffprobe.class).probe(out);
		JobDirectories.deleteTree(out.getParent());
		assertThat(probe.width()).isEqualTo(360);
		assertThat(probe.height()).isEqualTo(640);
		assertThat(probe.audioCodec()).isEqualTo("aac");
		assertThat(probe.durationMs()).isCloseTo(clip.endMs() - clip.startMs(), Offset.offset(300L));
		assertThat(leftoverJobFiles(worker.workDir, Duration.ofSeconds(10))).as("job directories left behind")
			.isEmpty();
		assertThat(liveFfmpeg(Duration.ofSeconds(10))).as("ffmpeg processes left behind").isEmpty();
	}

	/**
	 * Waits for the first caption screenshot of a clip-export render, then kills the
	 * browser's whole tree, descendants first.
	 */
	private static KilledBrowser killChromiumOnceAStateIsScreenshotted(Chromium chromium) throws IOException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (true) {
			try (Stream<Path> dirs = Files.list(worker.workDir)) {
				if (dirs.anyMatch((dir) -> Files.exists(dir.resolve("caption-0000.png")))) {
					break;
				}
			}
			assertThat(System.nanoTime()).as("a caption state is screenshotted").isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
		}
		int launches = chromium.launches();
		ProcessHandle root = ProcessHandle.of(chromium.pid()).orElseThrow();
		List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
		tree.add(root);
		assertThat(tree).as("Chromium runs as a tree of processes").hasSizeGreaterThan(1);
		tree.forEach(ProcessHandle::destroyForcibly);
		return new KilledBrowser(tree, launches);
	}

	/**
	 * The processes of a killed browser, and how many browsers had been started then.
	 */
	private record KilledBrowser(List<ProcessHandle> tree, int launches) {
	}

	private static List<Path> chromiumProfiles() throws IOException {
		try (Stream<Path> entries = Files.list(worker.workDir)) {
			return entries.filter((p) -> p.getFileName().toString().startsWith("chromium-")).toList();
		}
	}

	private static boolean ofExport(String runId, UUID exportId) {
		return worker.harness.runs()
			.stream()
			.anyMatch((run) -> run.runId().equals(runId)
					&& run.event().data().path("exportId").asString().equals(exportId.toString()));
	}

	private static RunHandle runOf(UUID videoId) {
		return worker.harness.runs()
			.stream()
			.filter((run) -> run.functionId().equals(PROCESS)
					&& run.event().data().path("videoId").asString().equals(videoId.toString()))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Waits until a media operation of a worker waits for a slot of a kind (its step is
	 * then inside its job directory, past the free-disk check).
	 */
	static void awaitWaiting(WorkerUnderTest worker, ProcessKind kind) {
		MeterRegistry registry = worker.bean(MeterRegistry.class);
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (registry.get("clipworker.media.waiting").tag("kind", kind.id()).gauge().value() < 1) {
			assertThat(System.nanoTime()).as("an operation waits for a %s slot", kind.id()).isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
	}

	/** The one entry of a directory whose name starts with a prefix. */
	private static Path single(Path dir, String prefix) throws IOException {
		try (Stream<Path> entries = Files.list(dir)) {
			List<Path> matching = entries.filter((p) -> p.getFileName().toString().startsWith(prefix)).toList();
			assertThat(matching).as("entries %s* of %s", prefix, dir).hasSize(1);
			return matching.get(0);
		}
	}

	/** Kills the first descendant whose command line matches, and says which it was. */
	private static String killFirst(java.util.function.Predicate<String> command) {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (System.nanoTime() < deadline) {
			List<ProcessHandle> matching = ProcessHandle.current()
				.descendants()
				.filter((handle) -> command.test(commandLine(handle)))
				.toList();
			if (!matching.isEmpty()) {
				ProcessHandle victim = matching.get(0);
				String line = commandLine(victim);
				victim.destroyForcibly();
				return line;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		return "";
	}

	static String commandLine(ProcessHandle handle) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(handle.pid()), "cmdline")).replace('\0', ' ');
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static boolean isError(StepTiming timing) {
		return timing.outcome() == StepTiming.Outcome.ERROR || timing.outcome() == StepTiming.Outcome.FUNCTION_ERROR
				|| timing.outcome() == StepTiming.Outcome.TRANSPORT_ERROR;
	}

	/**
	 * Calls back for every answer the harness gets in process-video runs of one video.
	 */
	private static List<StepTiming> watch(UUID videoId, java.util.function.Consumer<StepTiming> onTiming) {
		List<StepTiming> seen = new CopyOnWriteArrayList<>();
		worker.harness.addListener(new HarnessListener() {
			@Override
			public void stepFinished(StepTiming timing) {
				if (timing.functionId().equals(PROCESS) && ofVideo(timing.runId(), videoId) && seen.add(timing)) {
					onTiming.accept(timing);
				}
			}
		});
		return seen;
	}

	private static boolean ofVideo(String runId, UUID videoId) {
		return worker.harness.runs()
			.stream()
			.anyMatch((run) -> run.runId().equals(runId)
					&& run.event().data().path("videoId").asString().equals(videoId.toString()));
	}

	private static Event event(UUID videoId, UUID ownerId) {
		return Event.of("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString()));
	}

	private static RunResult process(UUID videoId, UUID ownerId) {
		return worker.run(event(videoId, ownerId));
	}

	private static UUID upload(UUID ownerId, boolean withSidecar) {
		UUID videoId = UUID.randomUUID();
		ObjectStore store = worker.bean(ObjectStore.class);
		store.put(ObjectKeys.videoSource(videoId), sample.resolve("sample.mp4"), "video/mp4");
		String captionsKey = null;
		if (withSidecar) {
			captionsKey = ObjectKeys.videoCaptions(videoId, "srt");
			store.put(captionsKey, sample.resolve("sample.srt"), "text/plain");
		}
		worker.bean(VideoQueries.class).insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId), captionsKey);
		return videoId;
	}

	private static void assertRetriedAndCompleted(RunResult processed, List<StepTiming> seen) {
		List<StepTiming> ofRun = seen.stream().filter((t) -> t.runId().equals(processed.run().runId())).toList();
		assertThat(processed.status()).as("process-video: %s", processed.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(ofRun).as("the fault made a step fail retriably").anyMatch(JobFaultsIntegrationTests::isError);
		assertThat(ofRun).as("no step failed for good").noneMatch((t) -> t.outcome() == StepTiming.Outcome.FAILED);
	}

	/**
	 * The video is ready, its objects are exactly those of one clean run, generate-clips
	 * (fanned out) completed, and no job directory or child ffmpeg outlived the runs.
	 */
	static void assertVideoComplete(WorkerUnderTest worker, UUID videoId, boolean sidecar) {
		assertThat(worker.bean(VideoQueries.class).find(videoId).orElseThrow().status()).isEqualTo(VideoStatus.READY);
		RunResult generated = worker.fannedOut("generate-clips",
				(run) -> run.event().data().path("videoId").asString().equals(videoId.toString()));
		assertThat(generated.status()).as("generate-clips: %s", generated.error())
			.isEqualTo(RunResult.Status.COMPLETED);
		String prefix = ObjectKeys.videoPrefix(videoId);
		Set<String> keys = new TreeSet<>(
				worker.bean(ObjectStore.class).list(prefix).stream().map(ObjectInfo::key).toList());
		Set<String> expected = new TreeSet<>(Set.of(prefix + "audio.ogg", prefix + "audio/chunk-000.ogg",
				prefix + "poster.jpg", prefix + "proxy.mp4", prefix + "signals.json", prefix + "source",
				prefix + "storyboard.jpg", prefix + "storyboard.vtt"));
		if (sidecar) {
			expected.add(prefix + "captions.srt");
		}
		assertThat(keys).as("nothing half-written or left over").isEqualTo(expected);
		assertThat(leftoverJobFiles(worker.workDir, Duration.ofSeconds(10))).as("job directories left behind")
			.isEmpty();
		assertThat(liveFfmpeg(Duration.ofSeconds(10))).as("ffmpeg processes left behind").isEmpty();
	}

	/** Entries of the media work directory other than the live Chromium profile. */
	static List<Path> leftoverJobFiles(Path workDir, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			List<Path> left = list(workDir);
			if (left.isEmpty() || System.nanoTime() > deadline) {
				return left;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
	}

	private static List<Path> list(Path workDir) {
		if (!Files.isDirectory(workDir)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(workDir)) {
			return entries.filter((p) -> !p.getFileName().toString().startsWith("chromium-")).toList();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	static List<ProcessHandle> liveFfmpeg(Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		while (true) {
			List<ProcessHandle> live = ProcessHandle.current()
				.descendants()
				.filter(MediaFixtures::isRunning)
				.filter((handle) -> commandLine(handle).contains("ffmpeg"))
				.toList();
			if (live.isEmpty() || System.nanoTime() > deadline) {
				return live;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
	}

}
