package com.clipworker.db;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptQueriesIntegrationTests {

	@AutoClose
	private static final TestDatabase database = TestDatabase.create();

	private final TranscriptQueries transcripts = database.transcripts();

	@Test
	void upsertReplacesTheGenerationsTranscriptAndRoundTripsWords() {
		UUID video = UUID.randomUUID();
		Transcript first = new Transcript(video, 1, "en", TranscriptSource.SUBTITLES, null, null,
				List.of(new TimedText(0, 1_500, "Hello there")), List.of());
		this.transcripts.upsert(first);
		Transcript second = new Transcript(video, 1, "de", TranscriptSource.API, "groq", "whisper-large-v3-turbo",
				List.of(new TimedText(0, 1_500, "Hallo – \"da\" 👋")),
				List.of(new TimedText(0, 700, "Hallo"), new TimedText(800, 1_500, "da")));
		this.transcripts.upsert(second);
		assertThat(this.transcripts.find(video, 1)).contains(second);
		assertThat(this.transcripts.find(video, 2)).isEmpty();
		Integer rows = database.jdbc()
			.sql("select count(*) from transcripts where video_id = :video")
			.param("video", video)
			.query(Integer.class)
			.single();
		assertThat(rows).isEqualTo(1);
		String words = database.jdbc()
			.sql("select words::text from transcripts where video_id = :video")
			.param("video", video)
			.query(String.class)
			.single();
		assertThat(words).contains("\"startMs\": 800").contains("\"endMs\": 1500").contains("\"text\": \"da\"");
	}

	@Test
	void generationsKeepTheirOwnTranscripts() {
		UUID video = UUID.randomUUID();
		Transcript one = new Transcript(video, 1, null, TranscriptSource.SIDECAR, null, null,
				List.of(new TimedText(0, 10, "one")), List.of());
		Transcript two = new Transcript(video, 2, null, TranscriptSource.SIDECAR, null, null,
				List.of(new TimedText(0, 10, "two")), List.of());
		this.transcripts.upsert(one);
		this.transcripts.upsert(two);
		assertThat(this.transcripts.find(video, 1)).contains(one);
		assertThat(this.transcripts.find(video, 2)).contains(two);
	}

}
