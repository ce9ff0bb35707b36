package com.clipworker.local.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.clipworker.ClipworkerApplication;
import com.clipworker.db.Clip;
import com.clipworker.db.ClipQueries;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.TranscriptQueries;
import com.clipworker.db.Video;
import com.clipworker.db.VideoProbe;
import com.clipworker.db.VideoQueries;
import com.clipworker.events.CaptionStyle;
import com.clipworker.events.ExportPreset;
import com.clipworker.inngest.Event;
import com.clipworker.local.harness.ExecutorHarness;
import com.clipworker.local.harness.RunHandle;
import com.clipworker.local.harness.RunResult;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.media.Ffmpeg;
import com.clipworker.media.Ffprobe;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's first command: a video (and the sidecar .srt or .vtt beside it, if any)
 * through process-video, generate-clips and clip-export of the best clips, on the
 * embedded defaults, through the real {@code /api/inngest} endpoint driven by the
 * executor harness, with progress in the terminal and {@code out/report.html} at the end.
 * The web app's part (upload, inserting rows, sending events) is played by this class.
 */
public final class Demo {

	static final UUID OWNER = UUID.fromString("00000000-0000-4000-8000-00000000d3e0");

	static final List<CaptionStyle> STYLES = List.of(CaptionStyle.KARAOKE, CaptionStyle.BOLD_POP,
			CaptionStyle.SUBTITLE_BAR);

	static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

	private final PrintStream out;

	private final Path video;

	private final Path outDir;

	private final int exports;

	Demo(PrintStream out, Path video, Path outDir, int exports) {
		this.out = out;
		this.video = video;
		this.outDir = outDir;
		this.exports = exports;
	}

	/**
	 * Runs the demo.
	 * @param args the video, then optionally the output folder (default {@code out});
	 * further arguments are worker properties ({@code --name=value})
	 */
	public static void main(String[] args) throws Exception {
		List<String> positional = new ArrayList<>();
		List<String> properties = new ArrayList<>();
		for (String arg : args) {
			(arg.startsWith("--") ? properties : positional).add(arg);
		}
		if (positional.isEmpty()) {
			System.err.println("usage: Demo <video> [out-dir] [--property=value ...]");
			System.exit(2);
		}
		Path video = Path.of(positional.get(0)).toAbsolutePath();
		Path outDir = Path.of((positional.size() > 1) ? positional.get(1) : "out").toAbsolutePath();
		int code = new Demo(System.out, video, outDir, 3).run(properties);
		System.exit(code);
	}

	int run(List<String> properties) throws Exception {
		if (!Files.isRegularFile(this.video)) {
			this.out.println("No video at " + this.video);
			return 2;
		}
		long started = System.nanoTime();
		TerminalProgress progress = new TerminalProgress(this.out);
		try (ExecutorHarness harness = ExecutorHarness.builder()
			.listener(progress)
			.maxSleep(Duration.ofMillis(50))
			.build()) {
			Map<String, String> defaults = new LinkedHashMap<>();
			defaults.put("clipworker.mode", "local");
			defaults.put("inngest.base-url", harness.apiUrl().toString());
			defaults.put("inngest.event-key", "demo");
			defaults.put("server.port", "0");
			defaults.put("server.address", "127.0.0.1");
			defaults.put("management.server.port", "0");
			defaults.put("clipworker.health.interval", "1h");
			defaults.put("spring.main.banner-mode", "off");
			defaults.put("logging.level.root", "warn");
			defaults.put("logging.level.com.clipworker.local", "info");
			defaults.put("clipworker.media.export.vertical", "720x1280");
			for (String property : properties) {
				int equals = property.indexOf('=');
				defaults.put(property.substring(2, (equals > 0) ? equals : property.length()),
						(equals > 0) ? property.substring(equals + 1) : "true");
			}
			String[] args = defaults.entrySet()
				.stream()
				.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
				.toArray(String[]::new);
			this.out.println("Starting the worker (embedded PostgreSQL under ./data, local-disk objects)...");
			try (ConfigurableApplicationContext app = new SpringApplication(ClipworkerApplication.class).run(args)) {
				int port = ((WebServerApplicationContext) app).getWebServer().getPort();
				URI endpoint = URI.create("http://127.0.0.1:" + port + "/api/inngest");
				harness.sync(endpoint);
				this.out.println("Worker on " + endpoint + "; functions: " + String.join(", ", harness.functionIds()));
				return pipeline(app, harness, progress, started);
			}
		}
	}

	private int pipeline(ConfigurableApplicationContext app, ExecutorHarness harness, TerminalProgress progress,
			long started) throws IOException {
		ObjectStore store = app.getBean(ObjectStore.class);
		VideoQueries videos = app.getBean(VideoQueries.class);
		UUID videoId = UUID.randomUUID();
		store.put(ObjectKeys.videoSource(videoId), this.video, "video/mp4");
		Path sidecar = sidecar(this.video);
		String captionsKey = null;
		if (sidecar != null) {
			String extension = sidecar.getFileName().toString().endsWith(".vtt") ? "vtt" : "srt";
			captionsKey = ObjectKeys.videoCaptions(videoId, extension);
			store.put(captionsKey, sidecar, "text/plain");
			this.out.println("Captions from " + sidecar.getFileName());
		}
		videos.insertIfAbsent(videoId, OWNER, ObjectKeys.videoSource(videoId), captionsKey);
		this.out.println("Video " + videoId + " uploaded: " + this.video.getFileName());

		progress.watch(() -> videos.find(videoId)
			.filter((v) -> v.stage() != null)
			.map((v) -> v.stage() + " " + v.progress() + "%")
			.orElse(""));
		RunResult processed = await(harness, harness
			.send(Event.of("video/uploaded", Map.of("videoId", videoId.toString(), "ownerId", OWNER.toString()))));
		if (!processed.completed()) {
			return failed("process-video", processed);
		}
		progress.watch(() -> videos.find(videoId).map((v) -> "clips " + v.clipsProgress() + "%").orElse(""));
		RunResult generated = awaitFannedOut(harness, "clipworker-generate-clips", videoId);
		if (!generated.completed()) {
			return failed("generate-clips", generated);
		}

		List<Clip> clips = app.getBean(ClipQueries.class)
			.list(videoId, videos.find(videoId).map(Video::generation).orElse(1))
			.stream()
			.sorted(Comparator.comparingInt(Clip::score).reversed())
			.toList();
		ExportQueries exportRows = app.getBean(ExportQueries.class);
		List<UUID> exportIds = new ArrayList<>();
		List<RunHandle> exportRuns = new ArrayList<>();
		for (int i = 0; i < Math.min(this.exports, clips.size()); i++) {
			UUID exportId = UUID.randomUUID();
			exportRows.insertIfAbsent(exportId, OWNER, clips.get(i).id(), ExportPreset.VERTICAL.id(),
					STYLES.get(i % STYLES.size()).id());
			exportIds.add(exportId);
			exportRuns.addAll(harness.send(Event.of("clip/export.requested",
					Map.of("exportId", exportId.toString(), "ownerId", OWNER.toString()))));
		}
		progress.watch(() -> "exports");
		for (RunHandle run : exportRuns) {
			RunResult exported = harness.awaitCompletion(run, RUN_TIMEOUT);
			if (!exported.completed()) {
				failed("clip-export", exported);
			}
		}
		progress.stop();

		Duration total = Duration.ofNanos(System.nanoTime() - started);
		Path report = new ReportWriter(store, app.getBean(Ffprobe.class), app.getBean(Ffmpeg.class), this.outDir).write(
				videos.find(videoId).orElseThrow(), app.getBean(TranscriptQueries.class), clips, exportIds, exportRows,
				harness.timings(), this.video, total);
		this.out.println();
		this.out.printf(Locale.ROOT, "Done in %.1f s: %d clips, %d exports.%n", total.toMillis() / 1000.0, clips.size(),
				exportIds.size());
		this.out.println("Report: " + report);
		return 0;
	}

	private int failed(String function, RunResult result) {
		this.out.println();
		this.out.println(function + " failed: " + result.error());
		return 1;
	}

	private static RunResult await(ExecutorHarness harness, List<RunHandle> runs) {
		return harness.awaitCompletion(runs.get(0), RUN_TIMEOUT);
	}

	private static RunResult awaitFannedOut(ExecutorHarness harness, String functionId, UUID videoId) {
		long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			for (RunHandle run : harness.runs()) {
				if (run.functionId().equals(functionId)
						&& run.event().data().path("videoId").asString().equals(videoId.toString())) {
					return harness.awaitCompletion(run, RUN_TIMEOUT);
				}
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		throw new IllegalStateException(functionId + " did not start within " + RUN_TIMEOUT);
	}

	/** The .srt or .vtt with the video's name beside it, if there is one. */
	static @Nullable Path sidecar(Path video) {
		String name = video.getFileName().toString();
		String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
		for (String extension : List.of(".srt", ".vtt")) {
			Path candidate = video.resolveSibling(base + extension);
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	static String describe(VideoProbe probe) {
		return String.format(Locale.ROOT, "%.1f s · %dx%d · %s/%s", probe.durationMs() / 1000.0, probe.width(),
				probe.height(), probe.videoCodec(), probe.audioCodec());
	}

	static String outcome(StepTiming timing) {
		return switch (timing.outcome()) {
			case RAN, COMPLETE, SLEEP, WAIT, INVOKE, PLANNED -> "ok";
			case DEFERRED -> "deferred";
			case ERROR -> "retried";
			case FAILED -> "failed";
			case FUNCTION_ERROR -> "function error";
			case TRANSPORT_ERROR -> "transport error";
		};
	}

}
