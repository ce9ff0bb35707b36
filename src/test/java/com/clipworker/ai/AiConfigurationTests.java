package com.clipworker.ai;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

class AiConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Wiring.class);

	@Test
	void withoutKeysTheWorkerTranscribesFromSubtitlesAndPicksHeuristically() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(Transcription.class).available()).isFalse();
			assertThat(context.getBean(ClipPicker.class)).isInstanceOf(HeuristicPicker.class);
		});
	}

	@Test
	void keysSetThroughTheConventionalPropertiesChooseTheProviders() {
		this.runner
			.withPropertyValues("clipworker.ai.groq.api-key=gsk_x_000000", "clipworker.ai.gemini.api-key=AIza_x_000000")
			.run((context) -> {
				assertThat(context.getBean(Transcription.class).provider()).isEqualTo("groq");
				assertThat(context.getBean(ClipPicker.class)).isInstanceOf(CachingClipPicker.class);
				assertThat(context.getBean(AiProviders.class).describe())
					.isEqualTo("transcription: groq whisper-large-v3-turbo; clip picking: gemini gemini-2.5-flash");
			});
	}

	@Test
	void aCacheBeanFromElsewhereIsUsed() {
		InMemoryAiResultCache shared = new InMemoryAiResultCache();
		Transcript paid = new Transcript("en", List.of(), List.of(new Word("cached", 100, 400)));
		shared.put(CacheKeys.transcription("video-1", "abc123", "groq", "whisper-large-v3-turbo"), "transcription",
				"groq", "whisper-large-v3-turbo", AiProviders.jsonMapper().writeValueAsString(paid));
		this.runner.withBean(AiResultCache.class, () -> shared)
			// nothing listens here: only the shared cache can answer
			.withPropertyValues("clipworker.ai.groq.api-key=gsk_x_000000",
					"clipworker.ai.groq.base-url=http://127.0.0.1:9")
			.run((context) -> assertThat(context.getBean(Transcription.class)
				.transcribe("video-1", new AudioChunk(Path.of("absent.flac"), 0, 1000, "abc123"))
				.transcript()).isEqualTo(paid));
	}

	@Test
	void invalidSettingsFailStartUp() {
		this.runner.withPropertyValues("clipworker.ai.picking.count=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("clipworker.ai.picking.count"));
	}

	@Test
	void maximumShorterThanMinimumFailsStartUp() {
		this.runner
			.withPropertyValues("clipworker.ai.picking.min-duration=30s", "clipworker.ai.picking.max-duration=10s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("max-duration"));
	}

	@Test
	void forcedProviderWithoutItsKeyFailsStartUpNamingTheVariable() {
		this.runner.withPropertyValues("clipworker.ai.transcription.provider=openai")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("OPENAI_API_KEY"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(AiProperties.class)
	@Import(AiConfiguration.class)
	static class Wiring {

	}

}
