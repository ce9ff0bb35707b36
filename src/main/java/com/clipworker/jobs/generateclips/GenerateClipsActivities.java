package com.clipworker.jobs.generateclips;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.clipworker.ai.ClipCandidate;
import com.clipworker.ai.ClipPicker;
import com.clipworker.ai.Interval;
import com.clipworker.ai.LoudnessSample;
import com.clipworker.ai.PickResult;
import com.clipworker.ai.PickSettings;
import com.clipworker.ai.Segment;
import com.clipworker.ai.Signals;
import com.clipworker.ai.Transcript;
import com.clipworker.ai.Word;
import com.clipworker.db.Clip;
import com.clipworker.db.ClipQueries;
import com.clipworker.db.TimedText;
import com.clipworker.db.TranscriptQueries;
import com.clipworker.db.Video;
import com.clipworker.db.VideoQueries;
import com.clipworker.db.VideoStatus;
import com.clipworker.jobs.GuardedUpload;
import com.clipworker.jobs.JobInputException;
import com.clipworker.jobs.StepWorkspace;
import com.clipworker.media.Ffmpeg;
import com.clipworker.media.Ffprobe;
import com.clipworker.media.Loudness;
import com.clipworker.media.ProbeResult;
import com.clipworker.storage.CachedObject;
import com.clipworker.storage.DownloadCache;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The work behind each step of generate-clips, one method per step. Clip ids derive from
 * the video, the generation and the clip's rank, so a re-run upserts the same rows and
 * overwrites the same objects.
 */
public class GenerateClipsActivities {

	static final double SCENE_THRESHOLD = 0.3;

	static final double SILENCE_NOISE_DB = -35;

	static final long SILENCE_MIN_MS = 400;

	private final VideoQueries videos;

	private final TranscriptQueries transcripts;

	private final ClipQueries clips;

	private final ObjectStore store;

	private final DownloadCache cache;

	private final Ffprobe ffprobe;

	private final Ffmpeg ffmpeg;

	private final ClipPicker picker;

	private final PickSettings settings;

	private final StepWorkspace workspace;

	private final JsonMapper json;

	public GenerateClipsActivities(VideoQueries videos, TranscriptQueries transcripts, ClipQueries clips,
			ObjectStore store, DownloadCache cache, Ffprobe ffprobe, Ffmpeg ffmpeg, ClipPicker picker,
			PickSettings settings, StepWorkspace workspace, JsonMapper json) {
		this.videos = videos;
		this.transcripts = transcripts;
		this.clips = clips;
		this.store = store;
		this.cache = cache;
		this.ffprobe = ffprobe;
		this.ffmpeg = ffmpeg;
		this.picker = picker;
		this.settings = settings;
		this.workspace = workspace;
		this.json = json;
	}

	/**
	 * Step {@code load}: checks the row is the event's generation and ready, and marks
	 * clip generation started.
	 * @return {@code false} when a newer generation superseded the event's (the run then
	 * ends quietly)
	 */
	public boolean load(UUID videoId, UUID ownerId, int generation) {
		Video video = this.videos.find(videoId)
			.orElseThrow(() -> new JobInputException("Video " + videoId + " does not exist"));
		if (!video.ownerId().equals(ownerId)) {
			throw new JobInputException("Video " + videoId + " does not belong to owner " + ownerId);
		}
		if (video.generation() != generation) {
			return false;
		}
		if (video.status() != VideoStatus.READY) {
			throw new JobInputException(
					"Video " + videoId + " is " + video.status().value() + ", not ready: process it first");
		}
		return this.videos.markClipsGenerating(videoId, generation);
	}

	/**
	 * Step {@code measure-signals}: scene cuts, silences and loudness of the proxy,
	 * stored as JSON.
	 */
	public String measureSignals(UUID videoId, int generation) throws Exception {
		return this.workspace.leased((dir) -> {
			this.videos.reportClipsProgress(videoId, generation, 5);
			try (CachedObject proxy = this.cache.fetch(ObjectKeys.videoProxy(videoId))) {
				ProbeResult probe = this.ffprobe.probe(proxy.path());
				List<Long> cuts = this.ffmpeg.sceneCuts(proxy.path(), probe, SCENE_THRESHOLD);
				List<Interval> silences = probe.hasAudio()
						? this.ffmpeg.silences(proxy.path(), probe, SILENCE_NOISE_DB, SILENCE_MIN_MS)
							.stream()
							.map((s) -> new Interval(s.startMs(), s.endMs()))
							.toList()
						: List.of();
				List<LoudnessSample> loudness = new ArrayList<>();
				if (probe.hasAudio()) {
					Loudness measured = this.ffmpeg.loudness(proxy.path(), probe);
					for (Loudness.Sample sample : measured.samples()) {
						if (Double.isFinite(sample.shortTermLufs())) {
							loudness.add(new LoudnessSample(sample.timeMs(), sample.shortTermLufs()));
						}
					}
				}
				Signals signals = new Signals(probe.durationMs(), cuts, silences, loudness);
				Path file = dir.resolve("signals.json");
				Files.writeString(file, this.json.writeValueAsString(signals), StandardCharsets.UTF_8);
				String key = GuardedUpload.put(this.store, signalsKey(videoId), file, "application/json",
						() -> this.videos.find(videoId).isPresent(), "video " + videoId);
				this.videos.reportClipsProgress(videoId, generation, 30);
				return key;
			}
		});
	}

	/**
	 * Step {@code pick-clips}: the transcript and signals through the clip picker (an
	 * LLM, or the heuristic), saved as this generation's clips. Clips of an earlier pick
	 * that are gone lose their objects too.
	 */
	public List<ClipPlan> pickClips(UUID videoId, int generation) throws Exception {
		return this.workspace.leased((dir) -> {
			Path file = dir.resolve("signals.json");
			this.store.get(signalsKey(videoId), file);
			Signals signals = this.json.readValue(Files.readString(file, StandardCharsets.UTF_8), Signals.class);
			Transcript transcript = this.transcripts.find(videoId, generation)
				.map(GenerateClipsActivities::toAi)
				.orElseGet(Transcript::empty);
			PickResult picked = this.picker.pick(transcript, signals, this.settings);
			List<Clip> rows = new ArrayList<>();
			for (int i = 0; i < picked.clips().size(); i++) {
				ClipCandidate candidate = picked.clips().get(i);
				rows.add(new Clip(clipId(videoId, generation, i), videoId, generation, i, candidate.startMs(),
						candidate.endMs(), candidate.title(), candidate.hook(), candidate.score(), candidate.reason(),
						null, null));
			}
			List<UUID> removed = this.clips.replaceAll(videoId, generation, rows);
			if (this.videos.find(videoId).isEmpty()) {
				this.videos.deleteDerivedRows(videoId);
				throw new JobInputException("The video " + videoId + " was deleted while this step ran");
			}
			removed.forEach((id) -> this.store.deletePrefix(ObjectKeys.clipPrefix(id)));
			this.videos.saveClipsNote(videoId, generation, note(picked, transcript));
			this.videos.reportClipsProgress(videoId, generation, 45);
			return rows.stream()
				.map((clip) -> new ClipPlan(clip.id(), clip.index(), clip.startMs(), clip.endMs()))
				.toList();
		});
	}

	/**
	 * Step {@code render-preview-<clipId>}: a small frame-accurate preview of one clip
	 * and its poster.
	 */
	public String renderPreview(UUID videoId, int generation, ClipPlan plan, int count) throws Exception {
		return this.workspace.leased((dir) -> {
			try (CachedObject proxy = this.cache.fetch(ObjectKeys.videoProxy(videoId))) {
				ProbeResult probe = this.ffprobe.probe(proxy.path());
				Path preview = this.ffmpeg.cutPreview(proxy.path(), probe, plan.startMs(), plan.endMs(),
						dir.resolve("preview.mp4"), (fraction) -> {
						});
				Path poster = this.ffmpeg.poster(proxy.path(), probe, plan.startMs() + 500, dir.resolve("poster.jpg"));
				String previewKey = ObjectKeys.clipPreview(plan.clipId());
				String posterKey = ObjectKeys.clipPoster(plan.clipId());
				GuardedUpload.put(this.store, previewKey, preview, "video/mp4",
						() -> this.clips.find(plan.clipId()).isPresent(), "clip " + plan.clipId());
				GuardedUpload.put(this.store, posterKey, poster, "image/jpeg",
						() -> this.clips.find(plan.clipId()).isPresent(), "clip " + plan.clipId());
				if (!this.clips.savePreview(plan.clipId(), previewKey, posterKey)) {
					this.store.deletePrefix(ObjectKeys.clipPrefix(plan.clipId()));
					throw new JobInputException("The clip " + plan.clipId() + " was deleted while this step ran");
				}
				this.videos.reportClipsProgress(videoId, generation, 45 + (int) (50.0 * (plan.index() + 1) / count));
				return previewKey;
			}
		});
	}

	/** Step {@code finish}: this generation's clips are ready. */
	public boolean finish(UUID videoId, int generation) {
		return this.videos.markClipsReady(videoId, generation);
	}

	/** The failure handler's step, for the row's owner only. */
	public boolean markFailed(UUID videoId, UUID ownerId, int generation, String reason) {
		return this.videos.find(videoId)
			.filter((video) -> video.ownerId().equals(ownerId))
			.map((video) -> this.videos.markClipsFailed(videoId, generation, reason))
			.orElse(false);
	}

	/**
	 * The id of a generation's clip of a rank: the same on every run, so re-runs upsert.
	 */
	public static UUID clipId(UUID videoId, int generation, int index) {
		return UUID
			.nameUUIDFromBytes(("clip:" + videoId + ":" + generation + ":" + index).getBytes(StandardCharsets.UTF_8));
	}

	static String signalsKey(UUID videoId) {
		return ObjectKeys.videoPrefix(videoId) + "signals.json";
	}

	private static @Nullable String note(PickResult picked, Transcript transcript) {
		List<String> notes = new ArrayList<>();
		if (!transcript.hasWords()) {
			notes.add("No transcript: clips were picked from scene cuts, silences and loudness alone.");
		}
		if (picked.warning() != null) {
			notes.add(picked.warning());
		}
		return notes.isEmpty() ? null : String.join(" ", notes);
	}

	private static Transcript toAi(com.clipworker.db.Transcript transcript) {
		List<Segment> segments = transcript.segments()
			.stream()
			.map((s) -> new Segment(s.text(), s.startMs(), s.endMs()))
			.toList();
		List<Word> words = transcript.words().stream().map(GenerateClipsActivities::word).toList();
		return new Transcript(transcript.language(), segments, words);
	}

	private static Word word(TimedText text) {
		return new Word(text.text(), text.startMs(), text.endMs());
	}

	/**
	 * A saved clip, what its preview step needs.
	 *
	 * @param clipId the clip
	 * @param index its rank
	 * @param startMs its start in the source
	 * @param endMs its end
	 */
	public record ClipPlan(UUID clipId, int index, long startMs, long endMs) {
	}

}
