package com.clipworker.jobs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.clipworker.db.ClipQueries;
import com.clipworker.db.ClipsStatus;
import com.clipworker.db.Export;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.ExportStatus;
import com.clipworker.db.Video;
import com.clipworker.db.VideoQueries;
import com.clipworker.db.VideoStatus;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.media.MediaFixtures;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input end to end through the real endpoint: the hostile media of the media
 * engine's tests uploaded as sources, hostile event payloads, and hostile caption text
 * through clip-export. Each bad input ends in one attempt and a clear non-retriable error
 * (on the row where a row exists), and nothing reaches the loopback listener that the
 * hostile files point at.
 */
class JobHostileInputsIntegrationTests {

	private static final String PROCESS = "clipworker-process-video";

	private static WorkerUnderTest worker;

	private static HttpServer listener;

	private static final AtomicInteger hits = new AtomicInteger();

	private static Path media;

	@BeforeAll
	static void start() throws Exception {
		listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		listener.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		listener.createContext("/", (exchange) -> {
			hits.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		listener.start();
		media = Files.createDirectories(Path.of("target", "hostile-media").toAbsolutePath());
		worker = WorkerUnderTest.start(ExecutorHarness.builder());
	}

	@AfterAll
	static void stop() {
		if (worker != null) {
			worker.close();
		}
		if (listener != null) {
			listener.stop(0);
		}
	}

	@BeforeEach
	void resetHits() {
		hits.set(0);
	}

	private static String listenerUrl(String path) {
		return "http://127.0.0.1:" + listener.getAddress().getPort() + path;
	}

	static Stream<Arguments> hostileMedia() {
		return Stream.of(Arguments.of("hls-playlist-named-mp4", "container"),
				Arguments.of("ffconcat-named-mp4", "container"), Arguments.of("5000x4000", "pixels"),
				Arguments.of("100-hour-header", "duration"), Arguments.of("truncated", "container"),
				Arguments.of("zero-bytes", "empty"), Arguments.of("random-bytes", "container"),
				Arguments.of("20-streams", "streams"));
	}

	private static Path make(String name) throws IOException {
		Path dir = Files.createDirectories(media.resolve(name));
		return switch (name) {
			case "hls-playlist-named-mp4" ->
				Files.writeString(dir.resolve("source.mp4"), "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n"
						+ listenerUrl("/segment.ts") + "\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n");
			case "ffconcat-named-mp4" -> Files.writeString(dir.resolve("source.mp4"),
					"ffconcat version 1.0\nfile '" + listenerUrl("/concat.mp4") + "'\nfile '/etc/passwd'\n");
			case "5000x4000" -> {
				MediaFixtures.ffmpeg(dir, "-f", "lavfi", "-i", "color=s=5000x4000:r=5:d=0.2", "-c:v", "libx264",
						"-preset", "ultrafast", dir.resolve("source.mp4").toString());
				yield dir.resolve("source.mp4");
			}
			case "100-hour-header" -> {
				Path input = dir.resolve("source.mp4");
				MediaFixtures.ffmpeg(dir, "-f", "lavfi", "-i", "color=s=64x64:r=10:d=1", "-c:v", "libx264", "-preset",
						"ultrafast", "-movflags", "+faststart", input.toString());
				byte[] bytes = Files.readAllBytes(input);
				int mvhd = indexOf(bytes, "mvhd".getBytes(StandardCharsets.US_ASCII));
				ByteBuffer buffer = ByteBuffer.wrap(bytes);
				int timescale = buffer.getInt(mvhd + 16);
				buffer.putInt(mvhd + 20, timescale * 360_000);
				yield Files.write(input, bytes);
			}
			case "truncated" -> {
				byte[] whole = Files.readAllBytes(MediaFixtures.scenes(dir, "whole.mp4"));
				yield Files.write(dir.resolve("source.mp4"), Arrays.copyOf(whole, whole.length / 2));
			}
			case "zero-bytes" -> Files.write(dir.resolve("source.mp4"), new byte[0]);
			case "random-bytes" -> {
				byte[] bytes = new byte[64 * 1024];
				new Random(42).nextBytes(bytes);
				yield Files.write(dir.resolve("source.mp4"), bytes);
			}
			case "20-streams" -> {
				List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=1", "-f",
						"lavfi", "-i", "sine=d=1", "-map", "0:v"));
				for (int i = 0; i < 19; i++) {
					args.addAll(List.of("-map", "1:a"));
				}
				args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-f", "matroska",
						dir.resolve("source.mp4").toString()));
				MediaFixtures.ffmpeg(dir, args.toArray(String[]::new));
				yield dir.resolve("source.mp4");
			}
			default -> throw new IllegalArgumentException(name);
		};
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		for (int i = 0; i + needle.length <= haystack.length; i++) {
			if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
				return i;
			}
		}
		throw new IllegalStateException("not found");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileMedia")
	void hostileMediaFailsTheVideoOnceWithTheReasonAndReachesNothing(String name, String reason) throws IOException {
		Path source = make(name);
		UUID ownerId = UUID.randomUUID();
		UUID videoId = UUID.randomUUID();
		ObjectStore store = worker.bean(ObjectStore.class);
		store.put(ObjectKeys.videoSource(videoId), source, "video/mp4");
		worker.bean(VideoQueries.class).insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId), null);

		RunResult processed = worker
			.run(Event.of("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString())));

		assertThat(processed.status()).isEqualTo(RunResult.Status.FAILED);
		List<StepTiming> probes = worker.harness.timings()
			.stream()
			.filter((t) -> t.runId().equals(processed.run().runId()) && t.stepName().equals("probe"))
			.toList();
		assertThat(probes).as("one attempt: bad input is not retried")
			.singleElement()
			.satisfies((t) -> assertThat(t.outcome()).isEqualTo(StepTiming.Outcome.FAILED));
		Video video = poll(() -> worker.bean(VideoQueries.class)
			.find(videoId)
			.filter((v) -> v.status() == VideoStatus.FAILED)
			.orElse(null));
		assertThat(video.error()).as("the row says what was wrong").containsIgnoringCase(reason);
		assertThat(store.list(ObjectKeys.videoPrefix(videoId))).as("only the source is stored")
			.singleElement()
			.satisfies((info) -> assertThat(info.key()).isEqualTo(ObjectKeys.videoSource(videoId)));
		assertThat(hits).as("requests reaching the loopback listener").hasValue(0);
		assertThat(JobFaultsIntegrationTests.leftoverJobFiles(worker.workDir, java.time.Duration.ofSeconds(5)))
			.isEmpty();
	}

	static Stream<Arguments> hostileEvents() {
		String huge = "7".repeat(200_000);
		Map<String, Object> wrongTypes = new LinkedHashMap<>();
		wrongTypes.put("videoId", 7);
		wrongTypes.put("ownerId", List.of(true));
		return Stream.of(Arguments.of("missing fields", Map.of(), "videoId"),
				Arguments.of("missing owner", Map.of("videoId", UUID.randomUUID().toString()), "ownerId"),
				Arguments.of("wrong types", wrongTypes, "ownerId"),
				Arguments.of("huge strings", Map.of("videoId", huge, "ownerId", huge), "videoId"),
				Arguments.of("path characters",
						Map.of("videoId", "../../etc/passwd", "ownerId", UUID.randomUUID().toString()), "videoId"),
				Arguments.of("path inside a uuid",
						Map.of("videoId", UUID.randomUUID() + "/../../x", "ownerId", UUID.randomUUID().toString()),
						"videoId"),
				Arguments.of("right-to-left override",
						Map.of("videoId", "\u202E" + UUID.randomUUID(), "ownerId", UUID.randomUUID().toString()),
						"videoId"),
				Arguments.of("zero-width space",
						Map.of("videoId", UUID.randomUUID().toString().replace("-", "-\u200B"), "ownerId",
								UUID.randomUUID().toString()),
						"videoId"),
				Arguments.of("fullwidth digits",
						Map.of("videoId",
								"\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18-1234-1234-1234-123412341234",
								"ownerId", UUID.randomUUID().toString()),
						"videoId"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileEvents")
	void aHostileEventFailsOnceNamingTheField(String description, Map<String, Object> data, String field) {
		for (String name : List.of("video/uploaded", "video/reprocess.requested")) {
			RunResult processed = worker.run(Event.of(name, data));
			assertThat(processed.status()).as(description).isEqualTo(RunResult.Status.FAILED);
			List<StepTiming> ofRun = worker.harness.timings()
				.stream()
				.filter((t) -> t.runId().equals(processed.run().runId()))
				.toList();
			assertThat(ofRun).as("one answer, a function error, no step run")
				.singleElement()
				.satisfies((t) -> assertThat(t.outcome()).isEqualTo(StepTiming.Outcome.FUNCTION_ERROR));
			String error = String.valueOf(processed.error());
			assertThat(error).as("the error names the field").contains(field);
			assertThat(error.length()).as("the error does not echo a huge value").isLessThan(20_000);
		}
		assertThat(hits).hasValue(0);
	}

	@Test
	void clipsOfAVideoThatIsNotReadyFailOnceAndTheRowOfThatGenerationSaysWhy() {
		UUID ownerId = UUID.randomUUID();
		UUID videoId = UUID.randomUUID();
		VideoQueries videos = worker.bean(VideoQueries.class);
		videos.insertIfAbsent(videoId, ownerId, ObjectKeys.videoSource(videoId), null);

		RunResult generated = worker.run(Event.of("video/processed",
				Map.of("videoId", videoId.toString(), "ownerId", ownerId.toString(), "generation", 1)));

		assertThat(generated.status()).isEqualTo(RunResult.Status.FAILED);
		assertThat(worker.harness.timings()
			.stream()
			.filter((t) -> t.runId().equals(generated.run().runId()) && t.stepName().equals("load")))
			.as("one attempt: bad input is not retried")
			.singleElement()
			.satisfies((t) -> assertThat(t.outcome()).isEqualTo(StepTiming.Outcome.FAILED));
		Video video = poll(
				() -> videos.find(videoId).filter((v) -> v.clipsStatus() == ClipsStatus.FAILED).orElse(null));
		assertThat(video.generation()).isEqualTo(1);
		assertThat(video.clipsError()).as("the failure handler wrote the run's reason")
			.contains("is pending, not ready");
		assertThat(video.status()).as("the video itself is untouched").isEqualTo(VideoStatus.PENDING);
	}

	@Test
	void aHostileExportEventFailsOnceNamingTheField() {
		RunResult exported = worker
			.run(Event.of("clip/export.requested", Map.of("exportId", "../exports/x", "ownerId", "\u202Eowner")));
		assertThat(exported.status()).isEqualTo(RunResult.Status.FAILED);
		assertThat(String.valueOf(exported.error())).contains("exportId");
		assertThat(worker.harness.timings().stream().filter((t) -> t.runId().equals(exported.run().runId())))
			.singleElement()
			.satisfies((t) -> assertThat(t.outcome()).isEqualTo(StepTiming.Outcome.FUNCTION_ERROR));
	}

	@Test
	@Tag("slow")
	void hostileCaptionTextIsRenderedAsTextAndReachesNothing() throws Exception {
		Path sample = WorkerUnderTest.sample(30);
		String payloads = String.join(" ", "<img src=" + listenerUrl("/img") + ">",
				"<link rel=stylesheet href=" + listenerUrl("/css") + ">",
				"<style>@import url(" + listenerUrl("/import") + ")</style>",
				"<iframe src=file:///etc/passwd></iframe>",
				"<meta http-equiv=refresh content=0;url=" + listenerUrl("/m") + ">",
				"<script>fetch('" + listenerUrl("/js") + "')</script>", "\u202Eevil\u202C", "{{7*7}}", "${7*7}");
		StringBuilder srt = new StringBuilder();
		for (int i = 0; i < 10; i++) {
			srt.append(i + 1)
				.append("\n00:00:")
				.append(String.format("%02d", i * 3))
				.append(",000 --> 00:00:")
				.append(String.format("%02d", i * 3 + 2))
				.append(",900\n")
				.append(payloads)
				.append("\n\n");
		}
		Path captions = Files.writeString(media.resolve("hostile.srt"), srt.toString());
		UUID ownerId = UUID.randomUUID();
		UUID videoId = worker.uploadAndGenerateClips(ownerId, sample.resolve("sample.mp4"), captions);
		UUID clipId = worker.bean(ClipQueries.class).list(videoId, 1).get(0).id();
		for (String style : List.of("karaoke", "bold-pop")) {
			UUID exportId = UUID.randomUUID();
			worker.bean(ExportQueries.class).insertIfAbsent(exportId, ownerId, clipId, "vertical", style);
			RunResult exported = worker.run(Event.of("clip/export.requested",
					Map.of("exportId", exportId.toString(), "ownerId", ownerId.toString())));
			assertThat(exported.status()).as("clip-export: %s", exported.error()).isEqualTo(RunResult.Status.COMPLETED);
			Export export = worker.bean(ExportQueries.class).find(exportId).orElseThrow();
			assertThat(export.status()).isEqualTo(ExportStatus.DONE);
		}
		assertThat(hits).as("requests reaching the loopback listener").hasValue(0);
	}

	private static <T> T poll(java.util.function.Supplier<T> value) {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (true) {
			T found = value.get();
			if (found != null) {
				return found;
			}
			assertThat(System.nanoTime()).as("the row reaches its state in time").isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
	}

}
