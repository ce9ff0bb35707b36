package com.clipworker.ai;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict parsing of a picker's answer: a JSON object with a {@code clips} array whose
 * items carry sentence indices that exist, in order, a non-blank title and hook and an
 * integer score from 0 to 100. Every problem is reported in words the model can act on.
 */
final class AnswerParser {

	private final JsonMapper json;

	AnswerParser(JsonMapper json) {
		this.json = json;
	}

	List<ClipCandidate> parse(String provider, String answer, List<Sentence> sentences) {
		JsonNode root;
		try {
			root = this.json.readTree(stripFence(answer));
		}
		catch (JacksonException ex) {
			throw new MalformedAnswerException(provider,
					"the answer is not valid JSON (" + ex.getOriginalMessage() + ")", ex);
		}
		if (root == null || !root.isObject() || !root.path("clips").isArray()) {
			throw new MalformedAnswerException(provider, "the answer must be an object with a 'clips' array");
		}
		List<ClipCandidate> clips = new ArrayList<>();
		int i = 0;
		for (JsonNode item : root.path("clips")) {
			i++;
			String name = "clips[" + (i - 1) + "]";
			if (!item.isObject()) {
				throw new MalformedAnswerException(provider, name + " is not an object");
			}
			int start = index(provider, item, name, "startSentence", sentences.size());
			int end = index(provider, item, name, "endSentence", sentences.size());
			if (end < start) {
				throw new MalformedAnswerException(provider,
						name + " has endSentence " + end + " before startSentence " + start);
			}
			String title = text(provider, item, name, "title", true);
			String hook = text(provider, item, name, "hook", true);
			String reason = text(provider, item, name, "reason", false);
			JsonNode score = item.path("score");
			if (!score.isIntegralNumber() || !score.canConvertToInt() || score.asInt() < 0 || score.asInt() > 100) {
				throw new MalformedAnswerException(provider, name + ".score must be an integer from 0 to 100");
			}
			clips.add(new ClipCandidate(sentences.get(start).startMs(), sentences.get(end).endMs(), title, hook,
					score.asInt(), reason));
		}
		return clips;
	}

	private static int index(String provider, JsonNode item, String name, String field, int count) {
		JsonNode value = item.path(field);
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			throw new MalformedAnswerException(provider, name + "." + field + " must be an integer sentence number");
		}
		int index = value.asInt();
		if (index < 0 || index >= count) {
			throw new MalformedAnswerException(provider,
					name + "." + field + " is " + index + " but sentence numbers run from 0 to " + (count - 1));
		}
		return index;
	}

	private static String text(String provider, JsonNode item, String name, String field, boolean required) {
		JsonNode value = item.path(field);
		if (value.isMissingNode() || value.isNull()) {
			if (required) {
				throw new MalformedAnswerException(provider, name + "." + field + " is missing");
			}
			return "";
		}
		if (!value.isString() || (required && value.asString().isBlank())) {
			throw new MalformedAnswerException(provider, name + "." + field + " must be a non-empty string");
		}
		return value.asString().strip();
	}

	/** Some models wrap JSON in a Markdown code fence even in JSON mode. */
	private static String stripFence(String answer) {
		String text = answer.strip();
		if (text.startsWith("```")) {
			int firstLine = text.indexOf('\n');
			int close = text.lastIndexOf("```");
			if (firstLine > 0 && close > firstLine) {
				return text.substring(firstLine + 1, close);
			}
		}
		return text;
	}

}
