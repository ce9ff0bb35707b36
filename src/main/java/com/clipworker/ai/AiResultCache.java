package com.clipworker.ai;

import java.util.Optional;

/**
 * Paid answers, kept so that a redelivered step reuses them instead of paying again. Keys
 * come from {@link CacheKeys}: transcription by (video, audio chunk hash, provider,
 * model), picking by (transcript hash, provider, model, parameters). The worker backs it
 * with a Postgres table; {@link InMemoryAiResultCache} serves tests and the embedded
 * default. Implementations must be safe for concurrent use; a second {@code put} of a key
 * may replace the first (both are answers to the same question).
 */
public interface AiResultCache {

	/**
	 * The stored answer.
	 * @param key a key from {@link CacheKeys}
	 * @return the JSON stored under the key, if any
	 */
	Optional<String> get(String key);

	/**
	 * Stores an answer.
	 * @param key a key from {@link CacheKeys}
	 * @param kind {@code transcription} or {@code picking}
	 * @param provider the provider that answered
	 * @param model the model that answered
	 * @param json the answer
	 */
	void put(String key, String kind, String provider, String model, String json);

}
