package com.clipworker.jobs.generateclips;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clipworker.events.ClipsGenerated;
import com.clipworker.events.VideoDeleted;
import com.clipworker.events.VideoProcessed;
import com.clipworker.inngest.Event;
import com.clipworker.inngest.FunctionContext;
import com.clipworker.inngest.InngestFunction;
import com.clipworker.inngest.Step;
import com.clipworker.inngest.StepCall;
import com.clipworker.inngest.Trigger;
import com.clipworker.jobs.JobEvents;
import com.clipworker.jobs.JobFunctions;
import com.clipworker.jobs.JobsProperties;
import com.clipworker.jobs.generateclips.GenerateClipsActivities.ClipPlan;
import tools.jackson.core.type.TypeReference;

/**
 * generate-clips: a processed video's transcript and signals become ranked clips with
 * previews, then {@code clips/generated} tells the web app. Orchestration only: the work
 * is in {@link GenerateClipsActivities}. Previews render as parallel steps, one per clip.
 */
public final class GenerateClipsFunction {

	/** The function id (Inngest knows it as {@code clipworker-generate-clips}). */
	public static final String ID = "generate-clips";

	private GenerateClipsFunction() {
	}

	public static InngestFunction define(GenerateClipsActivities activities, JobsProperties properties) {
		return JobFunctions.mediaFunction(ID, "Generate clips", properties)
			.trigger(Trigger.event(VideoProcessed.NAME))
			.cancelOn(VideoDeleted.NAME, "async.data.videoId == event.data.videoId")
			.onFailure(JobFunctions.markFailed("videoId",
					(row) -> activities.markFailed(row.id(), row.ownerId(), row.data().path("generation").asInt(),
							row.reason())))
			.handler((ctx, step) -> run(ctx, step, activities));
	}

	static Map<String, Object> run(FunctionContext ctx, Step step, GenerateClipsActivities activities) {
		VideoProcessed event = JobEvents.read(ctx, VideoProcessed.class);
		UUID videoId = JobEvents.uuid(event.videoId());
		UUID ownerId = JobEvents.uuid(event.ownerId());
		int generation = event.generation();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("videoId", videoId.toString());
		result.put("generation", generation);

		Boolean current = step.run("load", Boolean.class, () -> activities.load(videoId, ownerId, generation));
		if (!Boolean.TRUE.equals(current)) {
			result.put("skipped", "a newer generation superseded this one");
			return result;
		}
		step.run("measure-signals", String.class, () -> activities.measureSignals(videoId, generation));
		List<ClipPlan> plans = step.run("pick-clips", new TypeReference<List<ClipPlan>>() {
		}, () -> activities.pickClips(videoId, generation));
		List<ClipPlan> clips = (plans != null) ? plans : List.of();

		List<StepCall<String>> previews = new ArrayList<>();
		for (ClipPlan plan : clips) {
			previews.add(StepCall.of("render-preview-" + plan.clipId(),
					() -> activities.renderPreview(videoId, generation, plan, clips.size())));
		}
		if (!previews.isEmpty()) {
			step.parallel(String.class, previews);
		}
		step.run("finish", Boolean.class, () -> activities.finish(videoId, generation));

		List<String> clipIds = clips.stream().map((plan) -> plan.clipId().toString()).toList();
		step.sendEvent("send-generated",
				Event
					.of(ClipsGenerated.NAME,
							new ClipsGenerated(videoId.toString(), ownerId.toString(), generation, clipIds))
					.withId("clips-generated-" + videoId + "-" + generation));
		result.put("clips", clipIds);
		return result;
	}

}
