package com.clipworker.jobs.processvideo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.clipworker.ai.SubtitleParser;
import com.clipworker.ai.TranscribedChunk;
import com.clipworker.ai.Transcription;
import com.clipworker.ai.TranscriptMerger;
import com.clipworker.db.TimedText;
import com.clipworker.db.Transcript;
import com.clipworker.db.TranscriptQueries;
import com.clipworker.db.TranscriptSource;
import com.clipworker.db.Video;
import com.clipworker.db.VideoMedia;
import com.clipworker.db.VideoProbe;
import com.clipworker.db.VideoQueries;
import com.clipworker.download.UrlDownloader;
import com.clipworker.jobs.GuardedUpload;
import com.clipworker.jobs.JobInputException;
import com.clipworker.jobs.JobsProperties;
import com.clipworker.jobs.StepWorkspace;
import com.clipworker.media.AudioChunk;
import com.clipworker.media.Ffmpeg;
import com.clipworker.media.Ffprobe;
import com.clipworker.media.ProbeResult;
import com.clipworker.media.Proxy;
import com.clipworker.media.Storyboard;
import com.clipworker.storage.CachedObject;
import com.clipworker.storage.DownloadCache;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The work behind each step of process-video, one method per step. Every method is
 * idempotent: it reads what it needs from the store (through the download cache), writes
 * objects under keys derived from the video id, and writes the row after the upload,
 * guarded by the generation.
 */
public class ProcessVideoActivities {

	static final String MP4 = "video/mp4";

	private final VideoQueries videos;

	private final TranscriptQueries transcripts;

	private final ObjectStore store;

	private final DownloadCache cache;

	private final Ffprobe ffprobe;

	private final Ffmpeg ffmpeg;

	private final Transcription transcription;

	private final UrlDownloader downloader;

	private final StepWorkspace workspace;

	private final JobsProperties properties;

	private final JsonMapper json;

	public ProcessVideoActivities(VideoQueries videos, TranscriptQueries transcripts, ObjectStore store,
			DownloadCache cache, Ffprobe ffprobe, Ffmpeg ffmpeg, Transcription transcription, UrlDownloader downloader,
			StepWorkspace workspace, JobsProperties properties, JsonMapper json) {
		this.videos = videos;
		this.transcripts = transcripts;
		this.store = store;
		this.cache = cache;
		this.ffprobe = ffprobe;
		this.ffmpeg = ffmpeg;
		this.transcription = transcription;
		this.downloader = downloader;
		this.workspace = workspace;
		this.properties = properties;
		this.json = json;
	}

	/** Step {@code load}: the owned row, marked processing. */
	public Loaded load(UUID videoId, UUID ownerId) {
		Video video = owned(videoId, ownerId);
		if (!this.videos.markProcessing(videoId, video.generation())) {
			throw new JobInputException("Video " + videoId + " is already " + video.status().value() + " in generation "
					+ video.generation() + "; send video/reprocess.requested to run it again");
		}
		return new Loaded(video.generation(), video.captionsKey());
	}

	/** Step {@code read-generation} of a reprocess: the generation to start from. */
	public int currentGeneration(UUID videoId, UUID ownerId) {
		return owned(videoId, ownerId).generation();
	}

	/**
	 * Step {@code start-generation} of a reprocess: the new generation, marked
	 * processing. Idempotent.
	 */
	public Loaded startGeneration(UUID videoId, int fromGeneration) {
		int generation = this.videos.startReprocess(videoId, fromGeneration);
		this.videos.markProcessing(videoId, generation);
		return new Loaded(generation, this.videos.find(videoId).map(Video::captionsKey).orElse(null));
	}

	/**
	 * Step {@code import-source}: fetches {@code sourceUrl} through the SSRF guard and
	 * stores it as the source.
	 */
	public String importSource(Job job, String sourceUrl) throws Exception {
		return this.workspace.leased((dir) -> {
			progress(job, "import", 1);
			Path file = dir.resolve("source");
			this.downloader.download(sourceUrl, file);
			return upload(job, ObjectKeys.videoSource(job.videoId()), file, "application/octet-stream");
		});
	}

	/**
	 * Step {@code probe}: vets the source against the input limits and records what it
	 * is.
	 */
	public Probed probe(Job job) throws Exception {
		return this.workspace.unleased((dir) -> {
			progress(job, "probe", 5);
			try (CachedObject source = this.cache.fetch(sourceKey(job))) {
				ProbeResult probe = this.ffprobe.probe(source.path());
				this.videos.saveProbe(job.videoId(), job.generation(),
						new VideoProbe(probe.durationMs(), probe.width(), probe.height(), probe.fps(),
								probe.videoCodec(), probe.audioCodec(), probe.hasAudio(), probe.sizeBytes(),
								this.json.writeValueAsString(probe)));
				return new Probed(probe.durationMs(), probe.hasAudio(), probe.hasSubtitles(),
						this.ffmpeg.qualifiesForRemux(probe));
			}
		});
	}

	/**
	 * Step {@code transcode-proxy}: the whole proxy in one step (short sources, or a
	 * remux).
	 */
	public String transcodeProxy(Job job, Probed probed) throws Exception {
		return this.workspace.leased((dir) -> {
			try (CachedObject source = this.cache.fetch(sourceKey(job))) {
				ProbeResult probe = this.ffprobe.probe(source.path());
				Proxy proxy = this.ffmpeg.proxy(source.path(), probe, dir.resolve("proxy.mp4"),
						(fraction) -> progress(job, "transcode", 5 + (int) (fraction * 55)));
				return upload(job, ObjectKeys.videoProxy(job.videoId()), proxy.path(), MP4);
			}
		});
	}

	/** Step {@code transcode-segment-N}: one time range of the video, without audio. */
	public String transcodeSegment(Job job, Segment segment) throws Exception {
		return this.workspace.leased((dir) -> {
			try (CachedObject source = this.cache.fetch(sourceKey(job))) {
				ProbeResult probe = this.ffprobe.probe(source.path());
				Path out = this.ffmpeg.transcodeSegment(source.path(), probe, segment.startMs(), segment.durationMs(),
						dir.resolve("segment.mp4"), (fraction) -> {
						});
				String key = segmentKey(job, segment.index());
				upload(job, key, out, MP4);
				progress(job, "transcode", 5 + (int) (55.0 * (segment.index() + 1) / segment.count()));
				return key;
			}
		});
	}

	/**
	 * Step {@code encode-audio}: the proxy's audio, encoded once in one piece so joins
	 * leave no gaps.
	 */
	public String encodeAudio(Job job) throws Exception {
		return this.workspace.leased((dir) -> {
			try (CachedObject source = this.cache.fetch(sourceKey(job))) {
				ProbeResult probe = this.ffprobe.probe(source.path());
				Path out = this.ffmpeg.proxyAudio(source.path(), probe, dir.resolve("audio.m4a"));
				return upload(job, ObjectKeys.videoPrefix(job.videoId()) + "parts/audio.m4a", out, "audio/mp4");
			}
		});
	}

	/**
	 * Step {@code join-proxy}: the segments and the audio joined without re-encoding; the
	 * parts are removed.
	 */
	public String joinProxy(Job job, List<String> segmentKeys, @Nullable String audioKey) throws Exception {
		return this.workspace.leased((dir) -> {
			List<Path> segments = new ArrayList<>();
			for (int i = 0; i < segmentKeys.size(); i++) {
				Path part = dir.resolve(String.format(Locale.ROOT, "segment-%04d.mp4", i));
				this.store.get(segmentKeys.get(i), part);
				segments.add(part);
			}
			Path audio = null;
			if (audioKey != null) {
				audio = dir.resolve("audio.m4a");
				this.store.get(audioKey, audio);
			}
			Proxy proxy = this.ffmpeg.joinSegments(segments, audio, dir.resolve("proxy.mp4"));
			String key = upload(job, ObjectKeys.videoProxy(job.videoId()), proxy.path(), MP4);
			this.store.deletePrefix(ObjectKeys.videoPrefix(job.videoId()) + "parts/");
			return key;
		});
	}

	/**
	 * Step {@code extract-audio}: speech audio (16 kHz mono Opus) in chunks under the
	 * provider's upload limit, stored so each chunk's transcription can run as its own
	 * step on any replica.
	 */
	public List<ChunkRef> extractAudio(Job job) throws Exception {
		return this.workspace.leased((dir) -> {
			progress(job, "audio", 60);
			try (CachedObject source = this.cache.fetch(sourceKey(job))) {
				ProbeResult probe = this.ffprobe.probe(source.path());
				Path audio = this.ffmpeg.extractSpeechAudio(source.path(), probe, dir.resolve("speech.ogg"));
				String audioKey = upload(job, ObjectKeys.videoAudio(job.videoId(), "ogg"), audio, "audio/ogg");
				List<AudioChunk> chunks = this.ffmpeg.splitAudioChunks(audio,
						this.properties.audioChunkBytes().toBytes(), this.properties.audioOverlap().toMillis());
				List<ChunkRef> refs = new ArrayList<>();
				for (int i = 0; i < chunks.size(); i++) {
					AudioChunk chunk = chunks.get(i);
					String key = ObjectKeys.videoPrefix(job.videoId())
							+ String.format(Locale.ROOT, "audio/chunk-%03d.ogg", i);
					upload(job, key, chunk.path(), "audio/ogg");
					refs.add(new ChunkRef(key, chunk.startMs(), chunk.durationMs(), sha256(chunk.path())));
				}
				this.videos.saveMedia(job.videoId(), job.generation(), VideoMedia.none().withAudioKey(audioKey));
				return refs;
			}
		});
	}

	/** Step {@code transcribe-sidecar}: the captions file the web app uploaded. */
	public TranscriptOutcome transcribeSidecar(Job job, String captionsKey) throws Exception {
		return this.workspace.unleased((dir) -> {
			progress(job, "transcribe", 65);
			Path file = dir.resolve("captions");
			this.store.get(captionsKey, file);
			return save(job, SubtitleParser.parse(file, null), TranscriptSource.SIDECAR, null, null);
		});
	}

	/** Step {@code transcribe-subtitles}: the subtitle stream the upload carries. */
	public TranscriptOutcome transcribeSubtitles(Job job) throws Exception {
		return this.workspace.unleased((dir) -> {
			progress(job, "transcribe", 65);
			try (CachedObject source = this.cache.fetch(sourceKey(job))) {
				ProbeResult probe = this.ffprobe.probe(source.path());
				Path vtt = this.ffmpeg.extractSubtitles(source.path(), probe, dir.resolve("subtitles.vtt"));
				return save(job, SubtitleParser.parse(vtt, null), TranscriptSource.SUBTITLES, null, null);
			}
		});
	}

	/**
	 * Step {@code transcribe-chunk-N}: one chunk through the speech API. The answer is
	 * kept in the paid-answer cache, so the merge (and any redelivery) reuses it instead
	 * of paying again.
	 */
	public int transcribeChunk(Job job, ChunkRef chunk, int index, int count) throws Exception {
		return this.workspace.leased((dir) -> {
			Path file = dir.resolve("chunk.ogg");
			this.store.get(chunk.key(), file);
			this.transcription.transcribe(job.videoId().toString(), aiChunk(chunk, file));
			progress(job, "transcribe", 65 + (int) (20.0 * (index + 1) / count));
			return index;
		});
	}

	/**
	 * Step {@code merge-transcript}: the chunks' cached answers merged into one
	 * transcript and saved.
	 */
	public TranscriptOutcome mergeTranscript(Job job, List<ChunkRef> chunks) throws Exception {
		return this.workspace.unleased((dir) -> {
			List<TranscribedChunk> answers = new ArrayList<>();
			for (ChunkRef chunk : chunks) {
				Path file = dir.resolve("chunk.ogg");
				answers.add(this.transcription.transcribe(job.videoId().toString(), aiChunk(chunk, file)));
			}
			String provider = this.transcription.provider();
			String model = this.transcription.transcriber().map((t) -> t.model()).orElse(null);
			return save(job, TranscriptMerger.merge(answers), TranscriptSource.API, provider, model);
		});
	}

	/**
	 * Step {@code no-transcript}: records why there is none; clips then come from signals
	 * alone.
	 */
	public TranscriptOutcome noTranscript(Job job, String reason) {
		this.videos.saveTranscriptSource(job.videoId(), job.generation(), TranscriptSource.NONE, reason);
		return new TranscriptOutcome(TranscriptSource.NONE.value(), 0, reason);
	}

	/**
	 * Step {@code thumbnails}: the poster and the storyboard sprite with its WebVTT
	 * index, from the proxy.
	 */
	public String thumbnails(Job job, Probed probed) throws Exception {
		return this.workspace.unleased((dir) -> {
			progress(job, "thumbnails", 86);
			try (CachedObject proxy = this.cache.fetch(ObjectKeys.videoProxy(job.videoId()))) {
				ProbeResult probe = this.ffprobe.probe(proxy.path());
				Path poster = this.ffmpeg.poster(proxy.path(), probe, probe.durationMs() / 10,
						dir.resolve("poster.jpg"));
				Storyboard storyboard = this.ffmpeg.storyboard(proxy.path(), probe, dir.resolve("storyboard.jpg"),
						dir.resolve("storyboard.vtt"));
				String posterKey = upload(job, ObjectKeys.videoPoster(job.videoId()), poster, "image/jpeg");
				String spriteKey = upload(job, ObjectKeys.videoStoryboard(job.videoId()), storyboard.sprite(),
						"image/jpeg");
				String vttKey = upload(job, ObjectKeys.videoStoryboardVtt(job.videoId()), storyboard.vtt(), "text/vtt");
				this.videos.saveMedia(job.videoId(), job.generation(),
						VideoMedia.none()
							.withProxyKey(ObjectKeys.videoProxy(job.videoId()))
							.withPosterKey(posterKey)
							.withStoryboard(spriteKey, vttKey));
				return posterKey;
			}
		});
	}

	/** Step {@code finish}: the row is ready. */
	public boolean finish(Job job) {
		if (!this.videos.markReady(job.videoId(), job.generation())) {
			throw new JobInputException("Video " + job.videoId() + " generation " + job.generation()
					+ " was superseded or failed while it was processed");
		}
		return true;
	}

	/**
	 * The failure handler's step: the row of the run's latest generation is marked failed
	 * with the reason, only when it belongs to the owner the event named (an event naming
	 * another owner's video must leave that video alone).
	 */
	public boolean markFailed(UUID videoId, String ownerId, String reason) {
		return this.videos.find(videoId)
			.filter((video) -> video.ownerId().toString().equals(ownerId))
			.map((video) -> this.videos.markFailed(videoId, video.generation(), reason))
			.orElse(false);
	}

	private Video owned(UUID videoId, UUID ownerId) {
		Video video = this.videos.find(videoId)
			.orElseThrow(() -> new JobInputException("Video " + videoId + " does not exist"));
		if (!video.ownerId().equals(ownerId)) {
			throw new JobInputException("Video " + videoId + " does not belong to owner " + ownerId);
		}
		return video;
	}

	private String sourceKey(Job job) {
		return this.videos.find(job.videoId())
			.map(Video::sourceKey)
			.orElseThrow(() -> new JobInputException("Video " + job.videoId() + " does not exist"));
	}

	private TranscriptOutcome save(Job job, com.clipworker.ai.Transcript transcript, TranscriptSource source,
			@Nullable String provider, @Nullable String model) {
		List<TimedText> segments = transcript.segments()
			.stream()
			.map((s) -> new TimedText(s.startMs(), s.endMs(), s.text()))
			.toList();
		List<TimedText> words = transcript.words()
			.stream()
			.map((w) -> new TimedText(w.startMs(), w.endMs(), w.text()))
			.toList();
		this.transcripts.upsert(new Transcript(job.videoId(), job.generation(), transcript.language(), source, provider,
				model, segments, words));
		if (this.videos.find(job.videoId()).isEmpty()) {
			this.videos.deleteDerivedRows(job.videoId());
			throw new JobInputException("The video " + job.videoId() + " was deleted while this step ran");
		}
		this.videos.saveTranscriptSource(job.videoId(), job.generation(), source, null);
		return new TranscriptOutcome(source.value(), words.size(), null);
	}

	private String upload(Job job, String key, Path file, String contentType) {
		return GuardedUpload.put(this.store, key, file, contentType, () -> this.videos.find(job.videoId()).isPresent(),
				"video " + job.videoId());
	}

	private void progress(Job job, String stage, int percent) {
		this.videos.reportProgress(job.videoId(), job.generation(), stage, Math.min(99, Math.max(0, percent)));
	}

	static String segmentKey(Job job, int index) {
		return ObjectKeys.videoPrefix(job.videoId()) + String.format(Locale.ROOT, "parts/segment-%04d.mp4", index);
	}

	private static com.clipworker.ai.AudioChunk aiChunk(ChunkRef chunk, Path file) {
		return new com.clipworker.ai.AudioChunk(file, chunk.startMs(), chunk.durationMs(), chunk.sha256());
	}

	private static String sha256(Path file) throws Exception {
		MessageDigest digest = MessageDigest.getInstance("SHA-256");
		try (var in = Files.newInputStream(file)) {
			byte[] buffer = new byte[64 * 1024];
			int read;
			while ((read = in.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/**
	 * The run's video and generation, the key of every step.
	 *
	 * @param videoId the video
	 * @param ownerId its owner
	 * @param generation the generation this run produces
	 */
	public record Job(UUID videoId, UUID ownerId, int generation) {
	}

	/**
	 * The row a run works on.
	 *
	 * @param generation the generation this run produces
	 * @param captionsKey the caption sidecar the web app uploaded, or {@code null}
	 */
	public record Loaded(int generation, @Nullable String captionsKey) {
	}

	/**
	 * What the probe step learned, all the orchestration needs.
	 *
	 * @param durationMs the source's duration
	 * @param hasAudio whether it has an audio stream
	 * @param hasSubtitles whether it carries a subtitle stream
	 * @param remux whether the proxy is a remux of the source (no transcode, so no
	 * segments)
	 */
	public record Probed(long durationMs, boolean hasAudio, boolean hasSubtitles, boolean remux) {
	}

	/**
	 * One time range of a segmented transcode.
	 *
	 * @param index its position
	 * @param count how many segments there are
	 * @param startMs where it starts
	 * @param durationMs how long it is
	 */
	public record Segment(int index, int count, long startMs, long durationMs) {
	}

	/**
	 * A stored chunk of speech audio.
	 *
	 * @param key its object key
	 * @param startMs where it starts in the source
	 * @param durationMs how long it is
	 * @param sha256 its content hash, which keys the paid-answer cache
	 */
	public record ChunkRef(String key, long startMs, long durationMs, String sha256) {
	}

	/**
	 * Where the transcript came from.
	 *
	 * @param source {@code sidecar}, {@code subtitles}, {@code api} or {@code none}
	 * @param words how many words it has
	 * @param note why there is none, or {@code null}
	 */
	public record TranscriptOutcome(String source, int words, @Nullable String note) {
	}

}
