package com.clipworker.db;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AiResultQueriesIntegrationTests {

	@AutoClose
	private static final TestDatabase database = TestDatabase.create();

	private final AiResultQueries results = database.aiResults();

	@Test
	void returnsTheResponseExactlyAsSaved() {
		String key = "sha256:" + UUID.randomUUID();
		String response = "{ \"text\" : \"hi\",  \"segments\": [] }";
		assertThat(this.results.find(key)).isEmpty();
		assertThat(this.results.save(key, "transcription", "groq", "whisper-large-v3-turbo", response)).isTrue();
		assertThat(this.results.find(key)).contains(response);
	}

	@Test
	void theFirstAnswerStays() throws Exception {
		String key = "sha256:" + UUID.randomUUID();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> saves = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
			for (int i = 0; i < 6; i++) {
				String answer = "{\"n\":" + i + "}";
				saves.add(pool.submit(() -> {
					start.await();
					return this.results.save(key, "picking", "gemini", "gemini-2.5-flash", answer);
				}));
			}
			start.countDown();
			int saved = 0;
			for (Future<Boolean> save : saves) {
				saved += save.get() ? 1 : 0;
			}
			assertThat(saved).isEqualTo(1);
		}
		assertThat(this.results.find(key))
			.hasValueSatisfying((answer) -> assertThat(answer).matches("\\{\"n\":[0-5]}"));
	}

	@Test
	void refusesUnknownKinds() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.results.save("k", "poetry", "p", "m", "{}"))
			.withMessageContaining("poetry");
	}

}
