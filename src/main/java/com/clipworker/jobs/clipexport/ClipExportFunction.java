package com.clipworker.jobs.clipexport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.clipworker.events.ClipExportRequested;
import com.clipworker.events.ClipExported;
import com.clipworker.inngest.Event;
import com.clipworker.inngest.FunctionContext;
import com.clipworker.inngest.InngestFunction;
import com.clipworker.inngest.Step;
import com.clipworker.inngest.Trigger;
import com.clipworker.jobs.JobEvents;
import com.clipworker.jobs.JobFunctions;
import com.clipworker.jobs.JobsProperties;
import com.clipworker.jobs.clipexport.ClipExportActivities.ExportJob;

/**
 * clip-export: an export row the web app inserted becomes a captioned clip in the
 * preset's aspect, then {@code clip/exported} tells the web app. Orchestration only: the
 * work is in {@link ClipExportActivities}. One run per export within a day (Inngest
 * idempotency on the export id).
 */
public final class ClipExportFunction {

	/** The function id (Inngest knows it as {@code clipworker-clip-export}). */
	public static final String ID = "clip-export";

	private ClipExportFunction() {
	}

	public static InngestFunction define(ClipExportActivities activities, JobsProperties properties) {
		return JobFunctions.mediaFunction(ID, "Export clip", properties)
			.trigger(Trigger.event(ClipExportRequested.NAME))
			.idempotency("event.data.exportId")
			.onFailure(JobFunctions.markFailed("exportId",
					(row) -> activities.markFailed(row.id(), row.ownerId(), row.reason())))
			.handler((ctx, step) -> run(ctx, step, activities));
	}

	static Map<String, Object> run(FunctionContext ctx, Step step, ClipExportActivities activities) {
		ClipExportRequested event = JobEvents.read(ctx, ClipExportRequested.class);
		UUID exportId = JobEvents.uuid(event.exportId());
		UUID ownerId = JobEvents.uuid(event.ownerId());
		ExportJob job = step.run("load", ExportJob.class, () -> activities.load(exportId, ownerId));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("exportId", exportId.toString());
		if (job.alreadyDone()) {
			result.put("skipped", "already exported");
			return result;
		}
		String outputKey = step.run("render", String.class, () -> activities.render(job));
		step.run("finish", Boolean.class, () -> activities.finish(job, outputKey));
		step.sendEvent("send-exported",
				Event
					.of(ClipExported.NAME,
							new ClipExported(exportId.toString(), job.clipId().toString(), ownerId.toString(),
									outputKey))
					.withId("clip-exported-" + exportId));
		result.put("outputKey", outputKey);
		return result;
	}

}
