package com.clipworker.inngest;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the protocol: compact output with every object's keys sorted
 * (maps, records and trees alike), because Inngest compares step data byte for byte; and
 * tight read limits, because request bodies come from the network.
 */
public final class InngestJson {

	/** Deepest nesting accepted in a request body. */
	public static final int MAX_NESTING_DEPTH = 200;

	private static final JsonMapper MAPPER = create();

	private InngestJson() {
	}

	/** The shared mapper (thread-safe). */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	private static JsonMapper create() {
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxStringLength(8 * 1024 * 1024)
			.maxNumberLength(100)
			.maxNameLength(50_000)
			.build();
		JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints).build();
		return JsonMapper.builder(factory)
			.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
			.enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
			.disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
			.enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
	}

}
