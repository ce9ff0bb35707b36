package com.clipworker.ai;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts an LLM picker behind the {@link AiResultCache}, keyed by (transcript hash,
 * provider, model, settings and signals), so a redelivered step reuses the paid answer.
 * The heuristic's stand-in answer is cached too: asking again would pay again.
 */
final class CachingClipPicker implements ClipPicker {

	private static final Logger logger = LoggerFactory.getLogger(CachingClipPicker.class);

	private final LlmClipPicker delegate;

	private final AiResultCache cache;

	private final JsonMapper json;

	CachingClipPicker(LlmClipPicker delegate, AiResultCache cache, JsonMapper json) {
		this.delegate = delegate;
		this.cache = cache;
		this.json = json;
	}

	@Override
	public PickResult pick(Transcript transcript, Signals signals, PickSettings settings) {
		String key = CacheKeys.picking(CacheKeys.transcriptHash(transcript, this.json), this.delegate.provider(),
				this.delegate.model(),
				settings.fingerprint() + ";signals=" + CacheKeys.signalsHash(signals, this.json));
		Optional<PickResult> cached = this.cache.get(key).flatMap(this::read);
		if (cached.isPresent()) {
			logger.debug("Reusing the cached clips of {} {}", this.delegate.provider(), this.delegate.model());
			return cached.get();
		}
		PickResult result = this.delegate.pick(transcript, signals, settings);
		this.cache.put(key, "picking", this.delegate.provider(), this.delegate.model(),
				this.json.writeValueAsString(result));
		return result;
	}

	private Optional<PickResult> read(String value) {
		try {
			return Optional.of(this.json.readValue(value, PickResult.class));
		}
		catch (JacksonException ex) {
			logger.warn("Ignoring unreadable cached clips: {}", ex.getOriginalMessage());
			return Optional.empty();
		}
	}

}
