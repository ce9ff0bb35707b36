package com.clipworker.jobs;

import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import com.clipworker.events.Event;
import com.clipworker.events.InvalidEventException;
import com.clipworker.inngest.FunctionContext;
import com.clipworker.inngest.FunctionFailure;
import com.clipworker.inngest.NonRetriableError;
import tools.jackson.core.JacksonException;

/**
 * Reads a run's triggering event into its contract record and validates it. Runs between
 * steps, so it only parses: no I/O, no clock. A malformed event can never succeed, so it
 * fails the run without retries.
 */
public final class JobEvents {

	private JobEvents() {
	}

	/**
	 * The run's event as a contract record.
	 * @param ctx the run
	 * @param type the record the event's data must match
	 * @return the validated record
	 * @throws NonRetriableError naming the event and what is wrong with it
	 */
	public static <E extends Event> E read(FunctionContext ctx, Class<E> type) {
		String name = ctx.event().name();
		E event;
		try {
			event = ctx.event().data(type);
		}
		catch (RuntimeException ex) {
			throw new NonRetriableError("Event " + name + " has data of the wrong shape for " + type.getSimpleName()
					+ fieldOf(ex) + ": " + firstLine(ex.getMessage()));
		}
		try {
			event.validate();
		}
		catch (InvalidEventException ex) {
			throw new NonRetriableError(ex.getMessage(), ex);
		}
		return event;
	}

	/**
	 * Names the field a mapping failure is about, so that the error says which field had
	 * the wrong type (the mapper's own message names only the types).
	 */
	private static String fieldOf(RuntimeException failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
				String field = jackson.getPath()
					.stream()
					.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
							: "[" + reference.getIndex() + "]")
					.collect(Collectors.joining("."));
				return " (field " + field + ")";
			}
		}
		return "";
	}

	/**
	 * The reason an {@code onFailure} handler writes on the row: the failed run's error
	 * message, bounded.
	 * @param ctx the failure handler's run
	 * @return the reason
	 */
	public static String failureReason(FunctionContext ctx) {
		FunctionFailure.ErrorInfo error = ctx.failure().error();
		String message = (error != null && error.message() != null && !error.message().isBlank()) ? error.message()
				: "the run failed";
		return (message.length() > 500) ? message.substring(0, 500) + "…" : message;
	}

	/**
	 * The ids a failure handler needs from the failed run's event, when they are UUIDs (a
	 * malformed event failed before touching any row, so its handler has nothing to
	 * mark).
	 * @param ctx the failure handler's run
	 * @param fields the data fields holding the ids
	 * @return the ids in the order of {@code fields}, or empty
	 */
	public static Optional<UUID[]> failedIds(FunctionContext ctx, String... fields) {
		com.clipworker.inngest.Event failed = ctx.failure().event();
		if (failed == null) {
			return Optional.empty();
		}
		UUID[] ids = new UUID[fields.length];
		for (int i = 0; i < fields.length; i++) {
			try {
				ids[i] = UUID.fromString(failed.data().path(fields[i]).asString(""));
			}
			catch (IllegalArgumentException ex) {
				return Optional.empty();
			}
		}
		return Optional.of(ids);
	}

	/** A validated id field as a UUID. */
	public static UUID uuid(String id) {
		return UUID.fromString(id);
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		String line = message.lines().findFirst().orElse(message);
		return (line.length() > 200) ? line.substring(0, 200) + "…" : line;
	}

}
