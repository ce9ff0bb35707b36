package com.clipworker.db;

import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code ai_results} cache of paid answers (transcriptions, clip picks), keyed by a
 * hash of their inputs that the caller computes. The first answer saved for a key stays:
 * a retried step reads it back instead of paying again.
 */
public class AiResultQueries {

	private static final Set<String> KINDS = Set.of("transcription", "picking");

	private final JdbcClient jdbc;

	AiResultQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The cached answer for a key.
	 * @param cacheKey the key
	 * @return the response exactly as saved, or empty
	 */
	public Optional<String> find(String cacheKey) {
		return this.jdbc.sql("select response from ai_results where cache_key = :key")
			.param("key", cacheKey)
			.query(String.class)
			.optional();
	}

	/**
	 * Saves an answer unless one is saved for the key already.
	 * @param cacheKey the key
	 * @param kind {@code transcription} or {@code picking}
	 * @param provider the provider that answered
	 * @param model the model that answered
	 * @param response the response (usually JSON), stored as text
	 * @return whether this call saved it (false: an answer was there already)
	 */
	public boolean save(String cacheKey, String kind, String provider, String model, String response) {
		if (!KINDS.contains(kind)) {
			throw new IllegalArgumentException("kind must be one of " + KINDS + ", not '" + kind + "'");
		}
		return this.jdbc
			.sql("insert into ai_results (cache_key, kind, provider, model, response) "
					+ "values (:key, :kind, :provider, :model, :response) on conflict (cache_key) do nothing")
			.param("key", cacheKey)
			.param("kind", kind)
			.param("provider", provider)
			.param("model", model)
			.param("response", response)
			.update() == 1;
	}

}
