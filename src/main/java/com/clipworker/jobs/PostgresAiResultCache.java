package com.clipworker.jobs;

import java.util.Optional;

import com.clipworker.ai.AiResultCache;
import com.clipworker.db.AiResultQueries;

/**
 * The paid-answer cache of the AI capability, kept in Postgres so every replica reuses
 * every answer.
 */
class PostgresAiResultCache implements AiResultCache {

	private final AiResultQueries queries;

	PostgresAiResultCache(AiResultQueries queries) {
		this.queries = queries;
	}

	@Override
	public Optional<String> get(String key) {
		return this.queries.find(key);
	}

	@Override
	public void put(String key, String kind, String provider, String model, String json) {
		this.queries.save(key, kind, provider, model, json);
	}

}
