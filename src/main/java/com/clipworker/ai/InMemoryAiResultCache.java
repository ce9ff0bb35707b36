package com.clipworker.ai;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** An {@link AiResultCache} in a map: for tests and for runs that keep nothing. */
public final class InMemoryAiResultCache implements AiResultCache {

	private final ConcurrentMap<String, String> entries = new ConcurrentHashMap<>();

	@Override
	public Optional<String> get(String key) {
		return Optional.ofNullable(this.entries.get(key));
	}

	@Override
	public void put(String key, String kind, String provider, String model, String json) {
		this.entries.put(key, json);
	}

	public int size() {
		return this.entries.size();
	}

}
