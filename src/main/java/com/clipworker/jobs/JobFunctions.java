package com.clipworker.jobs;

import java.util.Optional;
import java.util.UUID;

import com.clipworker.inngest.Event;
import com.clipworker.inngest.InngestFunction;
import tools.jackson.databind.JsonNode;

/**
 * What the media functions declare alike: their fleet-wide and per-owner concurrency,
 * their retries, and an {@code onFailure} handler that marks their row failed.
 */
public final class JobFunctions {

	private JobFunctions() {
	}

	/**
	 * A function that does media work: at most {@code fleet-concurrency} runs across the
	 * fleet, {@code owner-concurrency} per owner (the event's {@code ownerId}), and
	 * {@code retries} per step.
	 * @param id the function id (without the app prefix)
	 * @param name the name the Inngest dashboard shows
	 * @param properties the jobs' configuration
	 * @return the builder, to add triggers, cancellation and the handlers
	 */
	public static InngestFunction.Builder mediaFunction(String id, String name, JobsProperties properties) {
		return InngestFunction.builder(id)
			.name(name)
			.concurrency(properties.fleetConcurrency())
			.concurrency(properties.ownerConcurrency(), "event.data.ownerId")
			.retries(properties.retries());
	}

	/**
	 * An {@code onFailure} handler that marks the failed run's row in one step
	 * ({@code mark-failed}), for the owner named in the failed run's event. A malformed
	 * event failed before touching any row, so its handler does nothing.
	 * @param idField the event data field that holds the row's id
	 * @param mark marks the row; returns whether a row changed
	 * @return the handler
	 */
	public static InngestFunction.Handler markFailed(String idField, MarkFailed mark) {
		return (ctx, step) -> {
			Event failed = ctx.failure().event();
			Optional<UUID[]> ids = JobEvents.failedIds(ctx, idField, "ownerId");
			if (failed == null || ids.isEmpty()) {
				return false;
			}
			FailedRow row = new FailedRow(ids.get()[0], ids.get()[1], JobEvents.failureReason(ctx), failed.data());
			return step.run("mark-failed", Boolean.class, () -> mark.mark(row));
		};
	}

	/**
	 * The row a failed run leaves behind.
	 *
	 * @param id the row's id from the failed event
	 * @param ownerId the owner from the failed event
	 * @param reason the run's error message, bounded
	 * @param data the failed event's data, for any other field the row needs
	 */
	public record FailedRow(UUID id, UUID ownerId, String reason, JsonNode data) {
	}

	/** Marks one row failed. */
	@FunctionalInterface
	public interface MarkFailed {

		/**
		 * Marks the row failed.
		 * @param row the failed row
		 * @return whether a row changed
		 */
		boolean mark(FailedRow row);

	}

}
