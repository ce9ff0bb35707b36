package com.clipworker.ai;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The answer's schema in both dialects, as the providers receive it. */
class ClipPromptTests {

	private static final JsonMapper json = AiProviders.jsonMapper();

	private static final String FIELDS = "[\"startSentence\",\"endSentence\",\"title\",\"hook\",\"score\",\"reason\"]";

	@Test
	void geminiSchemaUsesTheOpenApiSubsetWithAPropertyOrder() {
		assertThat(json.writeValueAsString(ClipPrompt.geminiSchema(json))).isEqualTo("""
				{"type":"OBJECT","properties":{"clips":{"type":"ARRAY","items":{"type":"OBJECT","properties":{\
				"startSentence":{"type":"INTEGER"},"endSentence":{"type":"INTEGER"},"title":{"type":"STRING"},\
				"hook":{"type":"STRING"},"score":{"type":"INTEGER"},"reason":{"type":"STRING"}},\
				"required":%s,"propertyOrdering":%s}}},"required":["clips"]}""".formatted(FIELDS, FIELDS));
	}

	@Test
	void jsonSchemaIsStrict() {
		assertThat(json.writeValueAsString(ClipPrompt.jsonSchema(json))).isEqualTo("""
				{"type":"object","properties":{"clips":{"type":"array","items":{"type":"object","properties":{\
				"startSentence":{"type":"integer"},"endSentence":{"type":"integer"},"title":{"type":"string"},\
				"hook":{"type":"string"},"score":{"type":"integer"},"reason":{"type":"string"}},\
				"required":%s,"additionalProperties":false}}},"required":["clips"],"additionalProperties":false}"""
			.formatted(FIELDS));
	}

}
