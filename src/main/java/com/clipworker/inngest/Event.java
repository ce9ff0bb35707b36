package com.clipworker.inngest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An Inngest event: a name and an object of data, with an optional id (Inngest drops a
 * second event with the same id within 24 h), timestamp in milliseconds, user object and
 * version.
 *
 * @param name the event name, e.g. {@code video/uploaded}
 * @param data the data object
 * @param id the de-duplication id, or {@code null}
 * @param ts milliseconds since the epoch, or {@code null}
 * @param user the (deprecated) user object, or {@code null}
 * @param v the payload version, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(String name, JsonNode data, @Nullable String id, @Nullable Long ts, @Nullable JsonNode user,
		@Nullable String v) {

	public Event {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("An event needs a name");
		}
		if (data == null || data.isNull() || data.isMissingNode()) {
			data = JsonNodeFactory.instance.objectNode();
		}
		if (!data.isObject()) {
			throw new IllegalArgumentException("The data of event '" + name + "' must be a JSON object");
		}
	}

	/**
	 * An event with data converted from any object (a record or a map).
	 * @param name the event name
	 * @param data the data, which must serialise to a JSON object
	 * @return the event, without id or timestamp
	 */
	public static Event of(String name, Object data) {
		return new Event(name, InngestJson.mapper().valueToTree(data), null, null, null, null);
	}

	/** This event with a de-duplication id. */
	public Event withId(String id) {
		return new Event(this.name, this.data, id, this.ts, this.user, this.v);
	}

	/** This event with a timestamp in milliseconds. */
	public Event withTs(long ts) {
		return new Event(this.name, this.data, this.id, ts, this.user, this.v);
	}

	/**
	 * The data converted to a type.
	 * @param type a record or class matching the data
	 * @return the converted data
	 */
	public <T> T data(Class<T> type) {
		return InngestJson.mapper().treeToValue(this.data, type);
	}

}
