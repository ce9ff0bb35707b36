package com.clipworker.jobs.deletevideo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clipworker.events.VideoDeleted;
import com.clipworker.inngest.FunctionContext;
import com.clipworker.inngest.InngestFunction;
import com.clipworker.inngest.Step;
import com.clipworker.inngest.Trigger;
import com.clipworker.jobs.JobEvents;
import com.clipworker.jobs.JobsProperties;
import tools.jackson.core.type.TypeReference;

/**
 * delete-video: on {@code video/deleted}, every object under the video's, its clips' and
 * its exports' keys, then the derived rows and the video row. The same event cancels the
 * video's other runs. Idempotent: a second run finds nothing and succeeds.
 */
public final class DeleteVideoFunction {

	/** The function id (Inngest knows it as {@code clipworker-delete-video}). */
	public static final String ID = "delete-video";

	private DeleteVideoFunction() {
	}

	public static InngestFunction define(DeleteVideoActivities activities, JobsProperties properties) {
		return InngestFunction.builder(ID)
			.name("Delete video")
			.trigger(Trigger.event(VideoDeleted.NAME))
			.retries(properties.retries())
			.handler((ctx, step) -> run(ctx, step, activities));
	}

	static Map<String, Object> run(FunctionContext ctx, Step step, DeleteVideoActivities activities) {
		VideoDeleted event = JobEvents.read(ctx, VideoDeleted.class);
		UUID videoId = JobEvents.uuid(event.videoId());
		UUID ownerId = JobEvents.uuid(event.ownerId());
		List<String> prefixes = step.run("list", new TypeReference<List<String>>() {
		}, () -> activities.list(videoId, ownerId));
		List<String> toDelete = (prefixes != null) ? prefixes : List.of();
		Integer rows = step.run("delete-rows", Integer.class, () -> activities.deleteRows(videoId));
		Integer objects = step.run("delete-objects", Integer.class, () -> activities.deleteObjects(toDelete));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("videoId", videoId.toString());
		result.put("objects", objects);
		result.put("rows", rows);
		return result;
	}

}
