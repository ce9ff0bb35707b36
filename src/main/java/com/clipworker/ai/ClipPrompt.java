package com.clipworker.ai;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the LLM pickers send: a system instruction, the transcript as numbered sentences
 * with their times, and the answer's schema (in Gemini's OpenAPI subset and as a strict
 * JSON Schema). The model answers with sentence indices, never seconds, so every clip
 * starts and ends on a sentence edge and cannot point outside the video.
 *
 * @param system the system instruction
 * @param user the request with the numbered transcript
 */
record ClipPrompt(String system, String user) {

	/** A clip's fields in the answer, in order, with their JSON Schema types. */
	private static final Map<String, String> FIELD_TYPES = fieldTypes();

	static final List<String> FIELDS = List.copyOf(FIELD_TYPES.keySet());

	static ClipPrompt of(List<Sentence> sentences, PickSettings settings, String language) {
		String system = """
				You are a short-form video editor. From a transcript of numbered sentences, choose the passages \
				that work best as standalone vertical clips: a hook in the first three seconds, one complete \
				idea, a satisfying ending, no reference to something outside the clip. A clip is a run of whole \
				sentences from startSentence to endSentence (inclusive, by their numbers). Answer only with JSON \
				matching the schema.""";
		StringBuilder user = new StringBuilder();
		user.append("Choose up to ")
			.append(settings.count())
			.append(" clips, each between ")
			.append(settings.minDuration().toSeconds())
			.append(" and ")
			.append(settings.maxDuration().toSeconds())
			.append(" seconds long (use the times shown), not overlapping one another.\n")
			.append("For each clip give startSentence and endSentence (sentence numbers), a title of at most 60 ")
			.append("characters, the hook (the opening line, quoted or lightly edited), a score from 0 to 100 for ")
			.append("how likely it is to hold a viewer, and a one-sentence reason.\n")
			.append("Write title, hook and reason in the language with code '")
			.append(language)
			.append("'.\nSentence numbers run from 0 to ")
			.append(sentences.size() - 1)
			.append(".\n\nTranscript:\n");
		for (Sentence sentence : sentences) {
			user.append('[')
				.append(sentence.index())
				.append("] ")
				.append(clock(sentence.startMs()))
				.append('-')
				.append(clock(sentence.endMs()))
				.append(' ')
				.append(sentence.text())
				.append('\n');
		}
		return new ClipPrompt(system, user.toString());
	}

	/**
	 * The text appended when an answer failed validation and the model gets a second try.
	 */
	static String correction(String problem) {
		return "Your answer could not be used: " + problem
				+ ". Answer again with JSON matching the schema, using only sentence numbers that exist.";
	}

	static String clock(long ms) {
		long tenths = ms / 100;
		return String.format(Locale.ROOT, "%02d:%02d:%02d.%d", tenths / 36000, (tenths / 600) % 60, (tenths / 10) % 60,
				tenths % 10);
	}

	/**
	 * The answer's schema in Gemini's {@code responseSchema} dialect (OpenAPI subset:
	 * upper-case types and a property order).
	 */
	static ObjectNode geminiSchema(JsonMapper json) {
		return schema(json, (type) -> type.toUpperCase(Locale.ROOT),
				(clip) -> strings(clip.putArray("propertyOrdering"), FIELDS), (root) -> {
				});
	}

	/**
	 * The answer's schema as a strict JSON Schema (every field required, nothing else
	 * allowed).
	 */
	static ObjectNode jsonSchema(JsonMapper json) {
		Consumer<ObjectNode> closed = (object) -> object.put("additionalProperties", false);
		return schema(json, UnaryOperator.identity(), closed, closed);
	}

	/**
	 * {@code {"clips": [clip]}} with every field of a clip required, in a dialect.
	 * @param json the mapper
	 * @param dialect spells a JSON Schema type in the dialect
	 * @param clipExtras adds the dialect's last keys to the clip object
	 * @param rootExtras adds the dialect's last keys to the root object
	 * @return the schema
	 */
	private static ObjectNode schema(JsonMapper json, UnaryOperator<String> dialect, Consumer<ObjectNode> clipExtras,
			Consumer<ObjectNode> rootExtras) {
		ObjectNode clip = json.createObjectNode().put("type", dialect.apply("object"));
		ObjectNode properties = clip.putObject("properties");
		FIELD_TYPES.forEach((field, type) -> properties.putObject(field).put("type", dialect.apply(type)));
		strings(clip.putArray("required"), FIELDS);
		clipExtras.accept(clip);
		ObjectNode root = json.createObjectNode().put("type", dialect.apply("object"));
		root.putObject("properties").putObject("clips").put("type", dialect.apply("array")).set("items", clip);
		strings(root.putArray("required"), List.of("clips"));
		rootExtras.accept(root);
		return root;
	}

	private static Map<String, String> fieldTypes() {
		Map<String, String> types = new LinkedHashMap<>();
		types.put("startSentence", "integer");
		types.put("endSentence", "integer");
		types.put("title", "string");
		types.put("hook", "string");
		types.put("score", "integer");
		types.put("reason", "string");
		return Collections.unmodifiableMap(types);
	}

	private static void strings(ArrayNode array, List<String> values) {
		values.forEach(array::add);
	}

}
