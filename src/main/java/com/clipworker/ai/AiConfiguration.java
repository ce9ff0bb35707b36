package com.clipworker.ai;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires transcription and clip picking from {@link AiProperties}. The result cache is the
 * {@link AiResultCache} bean when another package provides one (the Postgres table), else
 * an in-memory one.
 */
@Configuration(proxyBeanMethods = false)
class AiConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(AiConfiguration.class);

	@Bean
	AiProviders aiProviders(AiProperties properties) {
		AiProviders providers = new AiProviders(properties, AiProviders.httpClient(properties),
				AiProviders.jsonMapper(), Clock.systemUTC());
		logger.info("AI providers: {}", providers.describe());
		return providers;
	}

	@Bean
	Transcription transcription(AiProviders providers, ObjectProvider<AiResultCache> cache) {
		return providers.transcription(cache.getIfAvailable(InMemoryAiResultCache::new));
	}

	@Bean
	ClipPicker clipPicker(AiProviders providers, ObjectProvider<AiResultCache> cache) {
		return providers.clipPicker(cache.getIfAvailable(InMemoryAiResultCache::new));
	}

	@Bean
	ClipValidator clipValidator() {
		return new ClipValidator();
	}

}
