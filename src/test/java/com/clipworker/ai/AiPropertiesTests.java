package com.clipworker.ai;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class AiPropertiesTests {

	@Test
	void defaultsNeedNoKey() {
		AiProperties properties = TestAi.properties(Map.of());
		assertThat(properties.transcriptionProvider()).isEqualTo(AiProperties.TranscriptionProvider.NONE);
		assertThat(properties.pickingProvider()).isEqualTo(AiProperties.PickingProvider.HEURISTIC);
		assertThat(properties.groq().baseUrl()).isEqualTo("https://api.groq.com/openai/v1");
		assertThat(properties.groq().transcriptionModel()).isEqualTo("whisper-large-v3-turbo");
		assertThat(properties.openai().baseUrl()).isEqualTo("https://api.openai.com/v1");
		assertThat(properties.openai().transcriptionModel()).isEqualTo("whisper-1");
		assertThat(properties.gemini().baseUrl()).isEqualTo("https://generativelanguage.googleapis.com/v1beta");
		assertThat(properties.gemini().model()).isEqualTo("gemini-2.5-flash");
		assertThat(properties.transcription().maxUpload()).isEqualTo(DataSize.ofMegabytes(25));
		assertThat(properties.picking().settings())
			.isEqualTo(new PickSettings(5, Duration.ofSeconds(15), Duration.ofSeconds(60), null));
	}

	@Test
	void groqTranscribesBeforeOpenAiAndGeminiPicksBeforeGroqBeforeOpenAi() {
		AiProperties all = TestAi.properties(Map.of("groq.api-key", "g", "openai.api-key", "o", "gemini.api-key", "m"));
		assertThat(all.transcriptionProvider()).isEqualTo(AiProperties.TranscriptionProvider.GROQ);
		assertThat(all.pickingProvider()).isEqualTo(AiProperties.PickingProvider.GEMINI);

		AiProperties groqAndOpenAi = TestAi.properties(Map.of("groq.api-key", "g", "openai.api-key", "o"));
		assertThat(groqAndOpenAi.pickingProvider()).isEqualTo(AiProperties.PickingProvider.GROQ);

		AiProperties openAiOnly = TestAi.properties(Map.of("openai.api-key", "o"));
		assertThat(openAiOnly.transcriptionProvider()).isEqualTo(AiProperties.TranscriptionProvider.OPENAI);
		assertThat(openAiOnly.pickingProvider()).isEqualTo(AiProperties.PickingProvider.OPENAI);

		AiProperties geminiOnly = TestAi.properties(Map.of("gemini.api-key", "m"));
		assertThat(geminiOnly.transcriptionProvider()).isEqualTo(AiProperties.TranscriptionProvider.NONE);
		assertThat(geminiOnly.pickingProvider()).isEqualTo(AiProperties.PickingProvider.GEMINI);
	}

	@Test
	void explicitChoiceOverridesThePrecedenceAndNamesAMissingKey() {
		AiProperties choice = TestAi.properties(Map.of("groq.api-key", "g", "openai.api-key", "o",
				"transcription.provider", "openai", "picking.provider", "heuristic"));
		assertThat(choice.transcriptionProvider()).isEqualTo(AiProperties.TranscriptionProvider.OPENAI);
		assertThat(choice.pickingProvider()).isEqualTo(AiProperties.PickingProvider.HEURISTIC);

		assertThatIllegalStateException()
			.isThrownBy(() -> TestAi.properties(Map.of("picking.provider", "gemini")).pickingProvider())
			.withMessageContaining("GEMINI_API_KEY");
	}

	@Test
	void toStringNeverShowsAKey() {
		AiProperties properties = TestAi.properties(
				Map.of("groq.api-key", "gsk_SECRET1", "openai.api-key", "sk-SECRET2", "gemini.api-key", "SECRET3"));
		assertThat(properties.toString()).doesNotContain("SECRET").contains("apiKey=(set)");
		assertThat(TestAi.properties(Map.of()).toString()).contains("apiKey=(unset)");
	}

}
