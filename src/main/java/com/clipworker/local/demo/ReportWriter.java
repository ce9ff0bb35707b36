package com.clipworker.local.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.clipworker.db.Clip;
import com.clipworker.db.Export;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.TranscriptQueries;
import com.clipworker.db.Video;
import com.clipworker.local.harness.StepTiming;
import com.clipworker.media.Ffmpeg;
import com.clipworker.media.Ffprobe;
import com.clipworker.storage.ObjectStore;
import org.jspecify.annotations.Nullable;

/**
 * Copies what the pipeline stored into the output folder and writes {@code report.html}
 * beside it: the page links its media relatively, so the folder can be opened or shared
 * as it is.
 */
final class ReportWriter {

	private final ObjectStore store;

	private final Ffprobe ffprobe;

	private final Ffmpeg ffmpeg;

	private final Path outDir;

	ReportWriter(ObjectStore store, Ffprobe ffprobe, Ffmpeg ffmpeg, Path outDir) {
		this.store = store;
		this.ffprobe = ffprobe;
		this.ffmpeg = ffmpeg;
		this.outDir = outDir;
	}

	Path write(Video video, TranscriptQueries transcripts, List<Clip> clips, List<UUID> exportIds,
			ExportQueries exports, List<StepTiming> timings, Path source, Duration total) throws IOException {
		Files.createDirectories(this.outDir);
		String poster = copy(video.media().posterKey(), "poster.jpg");
		String storyboard = copy(video.media().storyboardKey(), "storyboard.jpg");
		List<DemoReport.Clip> entries = new ArrayList<>();
		for (int i = 0; i < clips.size(); i++) {
			Clip clip = clips.get(i);
			String export = null;
			String exportPoster = null;
			if (i < exportIds.size()) {
				Export row = exports.find(exportIds.get(i)).orElse(null);
				if (row != null && row.outputKey() != null) {
					export = copy(row.outputKey(), "clips/" + (i + 1) + "/export-" + row.captionStyle() + ".mp4");
					exportPoster = (export != null) ? frame(export, "clips/" + (i + 1) + "/export-poster.jpg") : null;
				}
			}
			entries.add(new DemoReport.Clip(clip.title(), (clip.hook() != null) ? clip.hook() : "", clip.score(),
					(clip.reason() != null) ? clip.reason() : "", clip.startMs(), clip.endMs(),
					copy(clip.previewKey(), "clips/" + (i + 1) + "/preview.mp4"),
					copy(clip.posterKey(), "clips/" + (i + 1) + "/poster.jpg"), export, exportPoster));
		}
		List<DemoReport.Line> lines = transcripts.find(video.id(), video.generation())
			.map((t) -> t.segments().stream().map((s) -> new DemoReport.Line(s.startMs(), s.text())).toList())
			.orElse(List.of());
		List<String> notes = new ArrayList<>();
		if (video.transcriptSource() != null) {
			notes.add("Transcript from: " + video.transcriptSource().value()
					+ ((video.transcriptNote() != null) ? " — " + video.transcriptNote() : ""));
		}
		if (video.clipsNote() != null) {
			notes.add(video.clipsNote());
		}
		List<String> facts = (video.probe() != null) ? List.of(Demo.describe(video.probe())) : List.of();
		List<DemoReport.Step> steps = timings.stream()
			.filter((t) -> t.delivery() == 0 && t.outcome() != StepTiming.Outcome.PLANNED)
			.map((t) -> new DemoReport.Step(t.functionId().replaceFirst("^clipworker-", ""),
					(t.outcome() == StepTiming.Outcome.COMPLETE) ? "(function returns)" : t.stepName(), t.duration(),
					Demo.outcome(t)))
			.toList();
		DemoReport report = new DemoReport(source.getFileName().toString(), facts, poster, storyboard, lines, notes,
				entries, steps, total);
		Path file = this.outDir.resolve("report.html");
		report.writeTo(file);
		return file;
	}

	/** A frame 1.5 s into a video, where its first caption shows. */
	private String frame(String video, String name) {
		Path file = this.outDir.resolve(video);
		this.ffmpeg.poster(file, this.ffprobe.probe(file), 1500, this.outDir.resolve(name));
		return name;
	}

	private @Nullable String copy(@Nullable String key, String name) {
		if (key == null || !this.store.exists(key)) {
			return null;
		}
		Path target = this.outDir.resolve(name);
		try {
			Files.createDirectories(target.getParent());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		this.store.get(key, target);
		return name;
	}

}
