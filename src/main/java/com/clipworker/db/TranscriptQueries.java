package com.clipworker.db;

import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code transcripts} aggregate: one transcript per video generation, upserted. */
public class TranscriptQueries {

	private static final TypeReference<List<TimedText>> TIMED_TEXTS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TranscriptQueries(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Inserts or replaces the transcript of a video generation.
	 * @param transcript the transcript
	 */
	public void upsert(Transcript transcript) {
		this.jdbc.sql("""
				insert into transcripts (video_id, generation, language, source, provider, model, segments, words)
				values (:video, :generation, :language, :source, :provider, :model, cast(:segments as jsonb),
				  cast(:words as jsonb))
				on conflict (video_id, generation) do update set language = excluded.language,
				  source = excluded.source, provider = excluded.provider, model = excluded.model,
				  segments = excluded.segments, words = excluded.words, updated_at = now()
				""")
			.param("video", transcript.videoId())
			.param("generation", transcript.generation())
			.param("language", transcript.language(), Types.VARCHAR)
			.param("source", transcript.source().value())
			.param("provider", transcript.provider(), Types.VARCHAR)
			.param("model", transcript.model(), Types.VARCHAR)
			.param("segments", this.json.writeValueAsString(transcript.segments()))
			.param("words", this.json.writeValueAsString(transcript.words()))
			.update();
	}

	public Optional<Transcript> find(UUID videoId, int generation) {
		return this.jdbc
			.sql("select video_id, generation, language, source, provider, model, segments::text as segments, "
					+ "words::text as words from transcripts where video_id = :video and generation = :generation")
			.param("video", videoId)
			.param("generation", generation)
			.query((rs, row) -> new Transcript(Rows.uuid(rs, "video_id"), rs.getInt("generation"),
					rs.getString("language"), TranscriptSource.of(rs.getString("source")), rs.getString("provider"),
					rs.getString("model"), this.json.readValue(rs.getString("segments"), TIMED_TEXTS),
					this.json.readValue(rs.getString("words"), TIMED_TEXTS)))
			.optional();
	}

}
