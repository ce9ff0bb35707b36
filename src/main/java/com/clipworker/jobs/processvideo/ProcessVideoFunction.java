package com.clipworker.jobs.processvideo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clipworker.ai.Transcription;
import com.clipworker.events.VideoDeleted;
import com.clipworker.events.VideoProcessed;
import com.clipworker.events.VideoReprocessRequested;
import com.clipworker.events.VideoUploaded;
import com.clipworker.inngest.Event;
import com.clipworker.inngest.FunctionContext;
import com.clipworker.inngest.InngestFunction;
import com.clipworker.inngest.Step;
import com.clipworker.inngest.StepCall;
import com.clipworker.inngest.Trigger;
import com.clipworker.jobs.JobEvents;
import com.clipworker.jobs.JobFunctions;
import com.clipworker.jobs.JobsProperties;
import com.clipworker.jobs.processvideo.ProcessVideoActivities.ChunkRef;
import com.clipworker.jobs.processvideo.ProcessVideoActivities.Job;
import com.clipworker.jobs.processvideo.ProcessVideoActivities.Loaded;
import com.clipworker.jobs.processvideo.ProcessVideoActivities.Probed;
import com.clipworker.jobs.processvideo.ProcessVideoActivities.Segment;
import com.clipworker.jobs.processvideo.ProcessVideoActivities.TranscriptOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

/**
 * process-video: an uploaded (or re-requested) video becomes a ready row with a proxy,
 * speech audio, a transcript, a poster and a storyboard, then {@code video/processed}
 * starts generate-clips. Orchestration only: the steps' work is in
 * {@link ProcessVideoActivities}. Long sources transcode as parallel segment steps.
 */
public final class ProcessVideoFunction {

	/** The function id (Inngest knows it as {@code clipworker-process-video}). */
	public static final String ID = "process-video";

	private ProcessVideoFunction() {
	}

	/**
	 * The function.
	 * @param activities the steps' work
	 * @param properties concurrency, retries and segment length
	 * @param transcriptionAvailable whether a speech-to-text provider is configured
	 * (fixed for a deploy)
	 * @return the function, to register with the Inngest endpoint
	 */
	public static InngestFunction define(ProcessVideoActivities activities, JobsProperties properties,
			boolean transcriptionAvailable) {
		return JobFunctions.mediaFunction(ID, "Process video", properties)
			.trigger(Trigger.event(VideoUploaded.NAME))
			.trigger(Trigger.event(VideoReprocessRequested.NAME))
			.cancelOn(VideoDeleted.NAME, "async.data.videoId == event.data.videoId")
			.onFailure(JobFunctions.markFailed("videoId",
					(row) -> activities.markFailed(row.id(), row.ownerId(), row.reason())))
			.handler((ctx, step) -> run(ctx, step, activities, properties, transcriptionAvailable));
	}

	static Map<String, Object> run(FunctionContext ctx, Step step, ProcessVideoActivities activities,
			JobsProperties properties, boolean transcriptionAvailable) {
		boolean reprocess = VideoReprocessRequested.NAME.equals(ctx.event().name());
		UUID videoId;
		UUID ownerId;
		String sourceUrl = null;
		if (reprocess) {
			VideoReprocessRequested event = JobEvents.read(ctx, VideoReprocessRequested.class);
			videoId = JobEvents.uuid(event.videoId());
			ownerId = JobEvents.uuid(event.ownerId());
		}
		else {
			VideoUploaded event = JobEvents.read(ctx, VideoUploaded.class);
			videoId = JobEvents.uuid(event.videoId());
			ownerId = JobEvents.uuid(event.ownerId());
			sourceUrl = event.sourceUrl();
		}

		Loaded loaded;
		if (reprocess) {
			int from = step.run("read-generation", Integer.class, () -> activities.currentGeneration(videoId, ownerId));
			loaded = step.run("start-generation", Loaded.class, () -> activities.startGeneration(videoId, from));
		}
		else {
			loaded = step.run("load", Loaded.class, () -> activities.load(videoId, ownerId));
		}
		Job job = new Job(videoId, ownerId, loaded.generation());
		if (sourceUrl != null) {
			String url = sourceUrl;
			step.run("import-source", String.class, () -> activities.importSource(job, url));
		}

		Probed probed = step.run("probe", Probed.class, () -> activities.probe(job));
		transcode(step, activities, job, probed, properties.segmentLength().toMillis());

		List<ChunkRef> chunks = probed.hasAudio() ? step.run("extract-audio", new TypeReference<List<ChunkRef>>() {
		}, () -> activities.extractAudio(job)) : List.of();
		TranscriptOutcome transcript = transcribe(step, activities, job, loaded, probed, chunks,
				transcriptionAvailable);

		step.run("thumbnails", String.class, () -> activities.thumbnails(job, probed));
		step.run("finish", Boolean.class, () -> activities.finish(job));
		step.sendEvent("send-processed",
				Event
					.of(VideoProcessed.NAME,
							new VideoProcessed(videoId.toString(), ownerId.toString(), job.generation()))
					.withId("video-processed-" + videoId + "-" + job.generation()));

		Map<String, Object> result = new LinkedHashMap<>();
		result.put("videoId", videoId.toString());
		result.put("generation", job.generation());
		result.put("transcript", transcript.source());
		result.put("words", transcript.words());
		return result;
	}

	private static void transcode(Step step, ProcessVideoActivities activities, Job job, Probed probed,
			long segmentMs) {
		List<Segment> segments = segments(probed.durationMs(), segmentMs);
		if (probed.remux() || segments.size() == 1) {
			step.run("transcode-proxy", String.class, () -> activities.transcodeProxy(job, probed));
			return;
		}
		List<StepCall<String>> calls = new ArrayList<>();
		for (Segment segment : segments) {
			calls.add(StepCall.of("transcode-segment-" + segment.index(),
					() -> activities.transcodeSegment(job, segment)));
		}
		if (probed.hasAudio()) {
			calls.add(StepCall.of("encode-audio", () -> activities.encodeAudio(job)));
		}
		List<@Nullable String> keys = step.parallel(String.class, calls);
		List<String> segmentKeys = keys.subList(0, segments.size()).stream().map(String::valueOf).toList();
		String audioKey = probed.hasAudio() ? keys.get(segments.size()) : null;
		step.run("join-proxy", String.class, () -> activities.joinProxy(job, segmentKeys, audioKey));
	}

	private static TranscriptOutcome transcribe(Step step, ProcessVideoActivities activities, Job job, Loaded loaded,
			Probed probed, List<ChunkRef> chunks, boolean transcriptionAvailable) {
		if (loaded.captionsKey() != null) {
			String key = loaded.captionsKey();
			return step.run("transcribe-sidecar", TranscriptOutcome.class,
					() -> activities.transcribeSidecar(job, key));
		}
		if (probed.hasSubtitles()) {
			return step.run("transcribe-subtitles", TranscriptOutcome.class, () -> activities.transcribeSubtitles(job));
		}
		if (transcriptionAvailable && !chunks.isEmpty()) {
			for (int i = 0; i < chunks.size(); i++) {
				int index = i;
				step.run("transcribe-chunk-" + i, Integer.class,
						() -> activities.transcribeChunk(job, chunks.get(index), index, chunks.size()));
			}
			return step.run("merge-transcript", TranscriptOutcome.class, () -> activities.mergeTranscript(job, chunks));
		}
		String reason = probed.hasAudio() ? Transcription.NO_SOURCE
				: "No transcript: the video has no audio track, so clips are picked from the picture alone "
						+ "and exports carry no captions.";
		return step.run("no-transcript", TranscriptOutcome.class, () -> activities.noTranscript(job, reason));
	}

	/**
	 * The segments of a segmented transcode: equal lengths, the last one takes the
	 * remainder. A remainder shorter than a quarter of a segment joins the last full
	 * segment instead (at most 1.25 segment lengths) rather than costing a step, an
	 * ffmpeg start and an upload of its own: a 2:03 source with 2-minute segments is one
	 * piece, a 10:00.022 source five.
	 */
	static List<Segment> segments(long durationMs, long segmentMs) {
		long full = durationMs / segmentMs;
		long remainder = durationMs - full * segmentMs;
		int count = (int) Math.max(1, (remainder >= segmentMs / 4) ? full + 1 : full);
		List<Segment> segments = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long start = i * segmentMs;
			long length = (i == count - 1) ? durationMs - start : segmentMs;
			segments.add(new Segment(i, count, start, length));
		}
		return segments;
	}

}
