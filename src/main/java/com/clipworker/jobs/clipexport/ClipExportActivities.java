package com.clipworker.jobs.clipexport;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.clipworker.db.Clip;
import com.clipworker.db.ClipQueries;
import com.clipworker.db.Export;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.ExportStatus;
import com.clipworker.db.TranscriptQueries;
import com.clipworker.db.Video;
import com.clipworker.db.VideoQueries;
import com.clipworker.events.CaptionStyle;
import com.clipworker.events.ExportPreset;
import com.clipworker.jobs.GuardedUpload;
import com.clipworker.jobs.JobInputException;
import com.clipworker.jobs.StepWorkspace;
import com.clipworker.media.Aspect;
import com.clipworker.media.ExportRequest;
import com.clipworker.media.Ffmpeg;
import com.clipworker.media.Ffprobe;
import com.clipworker.media.MediaProperties;
import com.clipworker.media.ProbeResult;
import com.clipworker.media.Reframe;
import com.clipworker.media.TimedImage;
import com.clipworker.media.captions.CaptionLayout;
import com.clipworker.media.captions.CaptionRenderer;
import com.clipworker.media.captions.CaptionState;
import com.clipworker.media.captions.Word;
import com.clipworker.storage.CachedObject;
import com.clipworker.storage.DownloadCache;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;

/**
 * The work behind each step of clip-export: the export row is checked and marked
 * rendering, then one leased step lays out the clip's words, renders each distinct
 * caption state once with Chromium, composes the final clip with ffmpeg from the original
 * source, and uploads it under the export's key.
 */
public class ClipExportActivities {

	private final ExportQueries exports;

	private final ClipQueries clips;

	private final VideoQueries videos;

	private final TranscriptQueries transcripts;

	private final ObjectStore store;

	private final DownloadCache cache;

	private final Ffprobe ffprobe;

	private final Ffmpeg ffmpeg;

	private final CaptionLayout layout;

	private final CaptionRenderer renderer;

	private final MediaProperties media;

	private final StepWorkspace workspace;

	public ClipExportActivities(ExportQueries exports, ClipQueries clips, VideoQueries videos,
			TranscriptQueries transcripts, ObjectStore store, DownloadCache cache, Ffprobe ffprobe, Ffmpeg ffmpeg,
			CaptionLayout layout, CaptionRenderer renderer, MediaProperties media, StepWorkspace workspace) {
		this.exports = exports;
		this.clips = clips;
		this.videos = videos;
		this.transcripts = transcripts;
		this.store = store;
		this.cache = cache;
		this.ffprobe = ffprobe;
		this.ffmpeg = ffmpeg;
		this.layout = layout;
		this.renderer = renderer;
		this.media = media;
		this.workspace = workspace;
	}

	/**
	 * Step {@code load}: the owned export, its clip and its settings checked, the row
	 * marked rendering.
	 * @return the export's clip and video, all the later steps need
	 */
	public ExportJob load(UUID exportId, UUID ownerId) {
		Export export = this.exports.find(exportId)
			.orElseThrow(() -> new JobInputException("Export " + exportId + " does not exist"));
		if (!export.ownerId().equals(ownerId)) {
			throw new JobInputException("Export " + exportId + " does not belong to owner " + ownerId);
		}
		ExportPreset.fromId(export.preset());
		CaptionStyle.fromId(export.captionStyle());
		Clip clip = this.clips.find(export.clipId())
			.orElseThrow(() -> new JobInputException(
					"Clip " + export.clipId() + " of export " + exportId + " does not exist"));
		Video video = this.videos.find(clip.videoId())
			.orElseThrow(() -> new JobInputException(
					"Video " + clip.videoId() + " of clip " + clip.id() + " does not exist"));
		if (!video.ownerId().equals(ownerId)) {
			throw new JobInputException("Clip " + clip.id() + " does not belong to owner " + ownerId);
		}
		if (export.status() == ExportStatus.DONE && export.outputKey() != null) {
			return new ExportJob(exportId, clip.id(), clip.videoId(), clip.generation(), true);
		}
		this.exports.markRendering(exportId);
		return new ExportJob(exportId, clip.id(), clip.videoId(), clip.generation(), false);
	}

	/**
	 * Step {@code render}: captions and composition; returns the uploaded final clip's
	 * key.
	 */
	public String render(ExportJob job) throws Exception {
		return this.workspace.leased((dir) -> {
			Export export = this.exports.find(job.exportId())
				.orElseThrow(() -> new JobInputException("Export " + job.exportId() + " does not exist"));
			Clip clip = this.clips.find(job.clipId())
				.orElseThrow(() -> new JobInputException("Clip " + job.clipId() + " does not exist"));
			Video video = this.videos.find(job.videoId())
				.orElseThrow(() -> new JobInputException("Video " + job.videoId() + " does not exist"));
			ExportPreset preset = ExportPreset.fromId(export.preset());
			Aspect aspect = Aspect.fromId(preset.aspect());
			try (CachedObject source = this.cache.fetch(video.sourceKey())) {
				ProbeResult probe = this.ffprobe.probe(source.path());
				Aspect.FrameSize size = aspect.size(this.media.export());
				com.clipworker.media.captions.CaptionStyle style = captionStyle(export.captionStyle());
				List<TimedImage> captions = List.of();
				int captionY = 0;
				if (style != null) {
					List<Word> words = words(job, clip);
					if (!words.isEmpty()) {
						List<CaptionState> states = this.layout
							.states(this.layout.pages(words, clip.startMs(), clip.endMs()));
						com.clipworker.media.captions.CaptionStyle.Band band = style.band(size.width(), size.height());
						captions = this.renderer.render(states, style, band, dir);
						captionY = band.y();
					}
				}
				this.exports.reportProgress(job.exportId(), 20);
				ExportRequest request = new ExportRequest(clip.startMs(), clip.endMs(), aspect, reframe(probe, size),
						captions, captionY, true);
				Path out = this.ffmpeg.export(source.path(), probe, request, dir.resolve("final.mp4"),
						(fraction) -> this.exports.reportProgress(job.exportId(), 20 + (int) (fraction * 75)));
				return GuardedUpload.put(this.store, ObjectKeys.exportFinal(job.exportId()), out, "video/mp4",
						() -> this.exports.find(job.exportId()).isPresent(), "export " + job.exportId());
			}
		});
	}

	/** Step {@code finish}: the row is done, with its output key. */
	public boolean finish(ExportJob job, String outputKey) {
		return this.exports.markDone(job.exportId(), outputKey);
	}

	/** The failure handler's step, for the export's owner only. */
	public boolean markFailed(UUID exportId, UUID ownerId, String reason) {
		return this.exports.find(exportId)
			.filter((export) -> export.ownerId().equals(ownerId))
			.map((export) -> this.exports.markFailed(exportId, reason))
			.orElse(false);
	}

	private List<Word> words(ExportJob job, Clip clip) {
		return this.transcripts.find(job.videoId(), job.generation())
			.map((transcript) -> transcript.words()
				.stream()
				.filter((word) -> word.endMs() > clip.startMs() && word.startMs() < clip.endMs())
				.map((word) -> new Word(word.text(), word.startMs(), word.endMs()))
				.toList())
			.orElse(List.of());
	}

	private static com.clipworker.media.captions.@org.jspecify.annotations.Nullable CaptionStyle captionStyle(
			String id) {
		CaptionStyle style = CaptionStyle.fromId(id);
		return (style == CaptionStyle.NONE) ? null : com.clipworker.media.captions.CaptionStyle.fromId(style.id());
	}

	/**
	 * Centre crop when the source is at least as wide as the target (a talking head keeps
	 * its face); a blurred pad when it is narrower (a crop would cut most of the picture
	 * away).
	 */
	static Reframe reframe(ProbeResult probe, Aspect.FrameSize target) {
		double source = (double) probe.width() / probe.height();
		double wanted = (double) target.width() / target.height();
		return (source >= wanted) ? Reframe.CENTRE_CROP : Reframe.BLURRED_PAD;
	}

	/**
	 * What the steps of one export run work on.
	 *
	 * @param exportId the export
	 * @param clipId its clip
	 * @param videoId the clip's video
	 * @param generation the clip's generation
	 * @param alreadyDone whether an earlier run finished it (a resent event): nothing is
	 * rendered again
	 */
	public record ExportJob(UUID exportId, UUID clipId, UUID videoId, int generation, boolean alreadyDone) {
	}

}
