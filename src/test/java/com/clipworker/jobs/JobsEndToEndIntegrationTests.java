package com.clipworker.jobs;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clipworker.db.Clip;
import com.clipworker.db.ClipQueries;
import com.clipworker.db.ClipsStatus;
import com.clipworker.db.Export;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.ExportStatus;
import com.clipworker.db.Transcript;
import com.clipworker.db.TranscriptQueries;
import com.clipworker.db.TranscriptSource;
import com.clipworker.db.Video;
import com.clipworker.db.VideoQueries;
import com.clipworker.db.VideoStatus;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.media.Ffprobe;
import com.clipworker.media.ProbeResult;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four functions end to end through the real {@code /api/inngest} endpoint, driven by
 * the executor harness: the embedded PostgreSQL, S3Mock on the R2 code path, WireMock
 * standing in for Groq (speech and chat), the real ffmpeg and Chromium, on a generated 60
 * s 360p talk.
 */
class JobsEndToEndIntegrationTests {

	static final String TRANSCRIPTION = "/openai/v1/audio/transcriptions";

	static final String CHAT = "/openai/v1/chat/completions";

	static WireMockServer groq;

	static WorkerUnderTest worker;

	static Path sample;

	static HttpServer web;

	@TempDir
	Path temp;

	@BeforeAll
	static void start() throws Exception {
		sample = WorkerUnderTest.sample(60);
		groq = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
		groq.start();
		groq.stubFor(post(urlEqualTo(TRANSCRIPTION)).willReturn(okJson("""
				{"task":"transcribe","language":"english","duration":20.0,"text":" Welcome back. Why do clips work?",
				 "segments":[{"id":0,"seek":0,"start":1.0,"end":4.0,"text":" Welcome back. Why do clips work?",
				   "tokens":[1],"temperature":0.0,"avg_logprob":-0.1,"compression_ratio":1.2,"no_speech_prob":0.01}],
				 "words":[{"word":"Welcome","start":1.0,"end":1.4},{"word":"back.","start":1.45,"end":1.9},
				          {"word":"Why","start":2.3,"end":2.5},{"word":"do","start":2.55,"end":2.7},
				          {"word":"clips","start":2.75,"end":3.2},{"word":"work?","start":3.25,"end":4.0}]}""")));
		groq.stubFor(post(urlEqualTo(CHAT)).willReturn(
				okJson("""
						{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",
						 "message":{"role":"assistant","content":"{\\"clips\\":[{\\"startSentence\\":1,\\"endSentence\\":3,\\"title\\":\\"Why short clips win\\",\\"hook\\":\\"Here is the trick\\",\\"score\\":91,\\"reason\\":\\"a question and its answer\\"},{\\"startSentence\\":6,\\"endSentence\\":8,\\"title\\":\\"The second idea\\",\\"hook\\":\\"Listen\\",\\"score\\":77,\\"reason\\":\\"a complete thought\\"}]}"}}]}""")));
		web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		web.createContext("/talk.mp4", (exchange) -> {
			byte[] body = Files.readAllBytes(sample.resolve("sample.mp4"));
			exchange.getResponseHeaders().set("Content-Type", "video/mp4");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		web.start();
		worker = WorkerUnderTest.start(ExecutorHarness.builder(), "--clipworker.ai.groq.api-key=gsk_e2e-fake-key-0123",
				"--clipworker.ai.groq.base-url=" + groq.baseUrl() + "/openai/v1",
				"--clipworker.download.test-only-allowed-networks=127.0.0.0/8",
				"--clipworker.download.allowed-ports=80,443," + web.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		if (worker != null) {
			worker.close();
		}
		if (groq != null) {
			groq.stop();
		}
		if (web != null) {
			web.stop(0);
		}
	}

	private static UUID upload(UUID videoId, UUID ownerId, Path source, Path captions) {
		ObjectStore store = worker.bean(ObjectStore.class);
		store.put(ObjectKeys.videoSource(videoId), source, "video/mp4");
		String captionsKey = null;
		if (captions != null) {
			captionsKey = ObjectKeys.videoCaptions(videoId, "srt");
			store.put(captionsKey, captions, "application/x-subrip");
		}
		worker.bean(VideoQueries.class).insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId), captionsKey);
		return videoId;
	}

	private static Event event(String name, Map<String, Object> data) {
		return Event.of(name, data);
	}

	private static ProbeResult probe(String key, Path dir) {
		Path file = dir.resolve(key.replace('/', '_'));
		worker.bean(ObjectStore.class).get(key, file);
		return worker.bean(Ffprobe.class).probe(file);
	}

	@Test
	void anUploadBecomesClipsWithPreviewsAndCaptionedExports() {
		UUID videoId = UUID.randomUUID();
		UUID ownerId = UUID.randomUUID();
		upload(videoId, ownerId, sample.resolve("sample.mp4"), sample.resolve("sample.srt"));

		RunResult processed = worker
			.run(event("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString())));
		assertThat(processed.status()).as("process-video: %s", processed.error()).isEqualTo(RunResult.Status.COMPLETED);

		Video video = worker.bean(VideoQueries.class).find(videoId).orElseThrow();
		assertThat(video.status()).isEqualTo(VideoStatus.READY);
		assertThat(video.progress()).isEqualTo(100);
		assertThat(video.transcriptSource()).isEqualTo(TranscriptSource.SIDECAR);
		assertThat(video.probe().durationMs()).isBetween(58_000L, 62_000L);
		assertThat(video.media().proxyKey()).isEqualTo(ObjectKeys.videoProxy(videoId));
		assertThat(video.media().posterKey()).isEqualTo(ObjectKeys.videoPoster(videoId));
		assertThat(video.media().storyboardVttKey()).isEqualTo(ObjectKeys.videoStoryboardVtt(videoId));
		ProbeResult proxy = probe(video.media().proxyKey(), this.temp);
		assertThat(proxy.videoCodec()).isEqualTo("h264");
		assertThat(proxy.audioCodec()).isEqualTo("aac");
		assertThat(proxy.durationMs()).isBetween(58_000L, 62_000L);
		Transcript transcript = worker.bean(TranscriptQueries.class).find(videoId, 1).orElseThrow();
		assertThat(transcript.words()).hasSizeGreaterThan(50);

		RunResult generated = worker.fannedOut("generate-clips",
				(run) -> run.event().data().path("videoId").asString().equals(videoId.toString()));
		assertThat(generated.status()).as("generate-clips: %s", generated.error())
			.isEqualTo(RunResult.Status.COMPLETED);
		video = worker.bean(VideoQueries.class).find(videoId).orElseThrow();
		assertThat(video.clipsStatus()).isEqualTo(ClipsStatus.READY);
		assertThat(video.clipsProgress()).isEqualTo(100);
		List<Clip> clips = worker.bean(ClipQueries.class).list(videoId, 1);
		assertThat(clips).isNotEmpty().allSatisfy((clip) -> {
			assertThat(clip.endMs() - clip.startMs()).isBetween(6_000L, 15_500L);
			assertThat(clip.previewKey()).isEqualTo(ObjectKeys.clipPreview(clip.id()));
			assertThat(worker.bean(ObjectStore.class).exists(clip.posterKey())).isTrue();
		});
		ProbeResult preview = probe(clips.get(0).previewKey(), this.temp);
		assertThat(preview.durationMs()).isCloseTo(clips.get(0).endMs() - clips.get(0).startMs(),
				org.assertj.core.data.Offset.offset(300L));
		groq.verify(postRequestedFor(urlEqualTo(CHAT)));
		assertThat(worker.harness.events()).anySatisfy((sent) -> {
			assertThat(sent.path("name").asString()).isEqualTo("clips/generated");
			assertThat(sent.path("data").path("videoId").asString()).isEqualTo(videoId.toString());
		});

		UUID vertical = UUID.randomUUID();
		UUID square = UUID.randomUUID();
		ExportQueries exports = worker.bean(ExportQueries.class);
		exports.insertIfAbsent(vertical, ownerId, clips.get(0).id(), "vertical", "karaoke");
		exports.insertIfAbsent(square, ownerId, clips.get(0).id(), "square", "none");
		for (UUID exportId : List.of(vertical, square)) {
			RunResult exported = worker.run(event("clip/export.requested",
					Map.of("exportId", exportId.toString(), "ownerId", ownerId.toString())));
			assertThat(exported.status()).as("clip-export: %s", exported.error()).isEqualTo(RunResult.Status.COMPLETED);
			Export export = exports.find(exportId).orElseThrow();
			assertThat(export.status()).isEqualTo(ExportStatus.DONE);
			assertThat(export.outputKey()).isEqualTo(ObjectKeys.exportFinal(exportId));
		}
		ProbeResult verticalOut = probe(ObjectKeys.exportFinal(vertical), this.temp);
		assertThat(verticalOut.width()).isEqualTo(360);
		assertThat(verticalOut.height()).isEqualTo(640);
		assertThat(verticalOut.audioCodec()).isEqualTo("aac");
		assertThat(verticalOut.durationMs()).isCloseTo(clips.get(0).endMs() - clips.get(0).startMs(),
				org.assertj.core.data.Offset.offset(300L));
		ProbeResult squareOut = probe(ObjectKeys.exportFinal(square), this.temp);
		assertThat(squareOut.width()).isEqualTo(360);
		assertThat(squareOut.height()).isEqualTo(360);
		assertThat(worker.harness.events())
			.anySatisfy((sent) -> assertThat(sent.path("name").asString()).isEqualTo("clip/exported"));

		RunResult deleted = worker
			.run(event("video/deleted", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString())));
		assertThat(deleted.status()).as("delete-video: %s", deleted.error()).isEqualTo(RunResult.Status.COMPLETED);
		ObjectStore store = worker.bean(ObjectStore.class);
		assertThat(store.list(ObjectKeys.videoPrefix(videoId))).isEmpty();
		clips.forEach((clip) -> assertThat(store.list(ObjectKeys.clipPrefix(clip.id()))).isEmpty());
		assertThat(store.list(ObjectKeys.exportPrefix(vertical))).isEmpty();
		assertThat(worker.bean(VideoQueries.class).find(videoId)).isEmpty();
		assertThat(worker.bean(ClipQueries.class).list(videoId, 1)).isEmpty();
		assertThat(exports.find(vertical)).isEmpty();
		assertThat(worker.bean(TranscriptQueries.class).find(videoId, 1)).isEmpty();

		RunResult deletedAgain = worker
			.run(event("video/deleted", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString())));
		assertThat(deletedAgain.status()).isEqualTo(RunResult.Status.COMPLETED);
	}

	@Test
	void withoutASidecarTheSpeechApiTranscribes() {
		UUID videoId = upload(UUID.randomUUID(), UUID.randomUUID(), sample.resolve("sample.mp4"), null);
		UUID ownerId = worker.bean(VideoQueries.class).find(videoId).orElseThrow().ownerId();
		RunResult processed = worker
			.run(event("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString())));
		assertThat(processed.status()).as("process-video: %s", processed.error()).isEqualTo(RunResult.Status.COMPLETED);
		Video video = worker.bean(VideoQueries.class).find(videoId).orElseThrow();
		assertThat(video.transcriptSource()).isEqualTo(TranscriptSource.API);
		Transcript transcript = worker.bean(TranscriptQueries.class).find(videoId, 1).orElseThrow();
		assertThat(transcript.provider()).isEqualTo("groq");
		assertThat(transcript.words()).extracting((word) -> word.text()).contains("Welcome", "clips", "work?");
		groq.verify(postRequestedFor(urlEqualTo(TRANSCRIPTION)));
	}

	@Test
	void aSourceUrlIsImportedThroughTheGuard() {
		UUID videoId = UUID.randomUUID();
		UUID ownerId = UUID.randomUUID();
		worker.bean(VideoQueries.class).insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId), null);
		String url = "http://127.0.0.1:" + web.getAddress().getPort() + "/talk.mp4";
		RunResult processed = worker.run(event("video/uploaded",
				Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString(), "sourceUrl", url)));
		assertThat(processed.status()).as("process-video: %s", processed.error()).isEqualTo(RunResult.Status.COMPLETED);
		assertThat(worker.bean(ObjectStore.class).head(ObjectKeys.videoSource(videoId))).hasValueSatisfying(
				(info) -> assertThat(info.size()).isEqualTo(sample.resolve("sample.mp4").toFile().length()));
		assertThat(worker.bean(VideoQueries.class).find(videoId).orElseThrow().status()).isEqualTo(VideoStatus.READY);
	}

	@Test
	void aSourceUrlAtAPrivateAddressIsRefusedWithoutRetries() {
		UUID videoId = UUID.randomUUID();
		UUID ownerId = UUID.randomUUID();
		worker.bean(VideoQueries.class).insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId), null);
		RunResult processed = worker.run(event("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId",
				ownerId.toString(), "sourceUrl", "http://169.254.169.254/latest/meta-data")));
		assertThat(processed.status()).isEqualTo(RunResult.Status.FAILED);
		assertThat(worker.harness.timings()
			.stream()
			.filter((t) -> t.runId().equals(processed.run().runId()) && t.stepName().equals("import-source")))
			.singleElement()
			.satisfies((t) -> assertThat(t.outcome()).isEqualTo(StepTiming.Outcome.FAILED));
		assertThat(awaitFailed(videoId).error()).doesNotContain("meta-data");
	}

	@Test
	void rejectedMediaFailsAtOnceWithTheReasonOnTheRow() throws Exception {
		Path junk = WorkerUnderTest.write(this.temp, "junk.mp4", new byte[] { 0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2 });
		UUID videoId = upload(UUID.randomUUID(), UUID.randomUUID(), junk, null);
		UUID ownerId = worker.bean(VideoQueries.class).find(videoId).orElseThrow().ownerId();
		RunResult processed = worker
			.run(event("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString())));
		assertThat(processed.status()).isEqualTo(RunResult.Status.FAILED);
		List<StepTiming> probes = worker.harness.timings()
			.stream()
			.filter((t) -> t.runId().equals(processed.run().runId()) && t.stepName().equals("probe"))
			.toList();
		assertThat(probes).as("the probe ran once: bad input is not retried")
			.singleElement()
			.satisfies((t) -> assertThat(t.outcome()).isEqualTo(StepTiming.Outcome.FAILED));
		Video video = awaitFailed(videoId);
		assertThat(video.error()).isNotBlank();
		assertThat(worker.bean(ObjectStore.class).exists(ObjectKeys.videoProxy(videoId))).isFalse();
	}

	@Test
	void anUnknownPresetFailsTheExportWithTheReason() {
		UUID exportId = UUID.randomUUID();
		UUID ownerId = UUID.randomUUID();
		worker.bean(ExportQueries.class).insertIfAbsent(exportId, ownerId, UUID.randomUUID(), "tiktok-8k", "karaoke");
		RunResult exported = worker.run(
				event("clip/export.requested", Map.of("exportId", exportId.toString(), "ownerId", ownerId.toString())));
		assertThat(exported.status()).isEqualTo(RunResult.Status.FAILED);
		Export export = awaitExportFailed(exportId);
		assertThat(export.error()).contains("tiktok-8k");
	}

	@Test
	void aVideoOfAnotherOwnerIsNeverTouched() {
		UUID videoId = upload(UUID.randomUUID(), UUID.randomUUID(), sample.resolve("sample.mp4"), null);
		RunResult processed = worker.run(event("video/uploaded",
				Map.of("videoId", videoId.toString(), "ownerId", UUID.randomUUID().toString())));
		assertThat(processed.status()).isEqualTo(RunResult.Status.FAILED);
		assertThat(processed.error().toString()).contains("does not belong to owner");
		assertThat(worker.bean(VideoQueries.class).find(videoId).orElseThrow().status()).isEqualTo(VideoStatus.PENDING);
	}

	@Test
	void aMalformedEventFailsWithoutRetries() {
		RunResult processed = worker.run(event("video/uploaded", Map.of("videoId", "../../etc/passwd", "ownerId", 7)));
		assertThat(processed.status()).isEqualTo(RunResult.Status.FAILED);
		assertThat(worker.harness.timings()
			.stream()
			.filter((t) -> t.runId().equals(processed.run().runId())
					&& t.outcome() == StepTiming.Outcome.FUNCTION_ERROR)
			.count()).isEqualTo(1);
	}

	private static Video awaitFailed(UUID videoId) {
		return poll(() -> worker.bean(VideoQueries.class)
			.find(videoId)
			.filter((video) -> video.status() == VideoStatus.FAILED)
			.orElse(null));
	}

	private static Export awaitExportFailed(UUID exportId) {
		return poll(() -> worker.bean(ExportQueries.class)
			.find(exportId)
			.filter((export) -> export.status() == ExportStatus.FAILED)
			.orElse(null));
	}

	private static <T> T poll(java.util.function.Supplier<T> value) {
		long deadline = System.nanoTime() + WorkerUnderTest.RUN_TIMEOUT.toNanos();
		while (true) {
			T found = value.get();
			if (found != null) {
				return found;
			}
			assertThat(System.nanoTime()).as("the row reaches its state in time").isLessThan(deadline);
			java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
		}
	}

}
