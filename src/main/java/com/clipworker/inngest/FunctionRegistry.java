package com.clipworker.inngest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The app's functions by composite id ({@code <appId>-<id>}), including the
 * {@code <id>-failure} function generated for each {@code onFailure} handler.
 */
public final class FunctionRegistry {

	private final String appId;

	private final Map<String, Registered> functions;

	/**
	 * @throws InngestConfigurationException when two functions share an id
	 */
	public FunctionRegistry(String appId, List<InngestFunction> declared) {
		this.appId = appId;
		Map<String, Registered> map = new LinkedHashMap<>();
		List<InngestFunction> sorted = new ArrayList<>(declared);
		sorted.sort((a, b) -> a.id().compareTo(b.id()));
		for (InngestFunction function : sorted) {
			add(map, function);
			if (function.onFailure() != null) {
				String parent = compositeId(function.id());
				add(map, InngestFunction.builder(function.id() + "-failure")
					.name(function.name() + " (failure)")
					.trigger(Trigger.event(FunctionFailure.EVENT, "event.data.function_id == '" + parent + "'"))
					.retries(1)
					.handler(function.onFailure()));
			}
		}
		this.functions = Collections.unmodifiableMap(map);
	}

	private void add(Map<String, Registered> map, InngestFunction function) {
		String id = compositeId(function.id());
		if (map.containsKey(id)) {
			throw new InngestConfigurationException("Inngest function id '" + function.id() + "' is declared twice");
		}
		map.put(id, new Registered(id, function));
	}

	public String appId() {
		return this.appId;
	}

	/** The composite id of a function id. */
	public String compositeId(String functionId) {
		return this.appId + "-" + functionId;
	}

	/** The function with a composite id, or {@code null}. */
	public @Nullable Registered find(@Nullable String compositeId) {
		return (compositeId != null) ? this.functions.get(compositeId) : null;
	}

	/** Every function, sorted by id, failure handlers after their function. */
	public List<Registered> all() {
		return List.copyOf(this.functions.values());
	}

	/**
	 * A function as registered.
	 *
	 * @param compositeId {@code <appId>-<id>}
	 * @param function the function
	 */
	public record Registered(String compositeId, InngestFunction function) {
	}

}
