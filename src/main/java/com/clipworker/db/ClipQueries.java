package com.clipworker.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code clips} aggregate. Clips are upserted by id; preview and poster keys already
 * stored survive an upsert that carries none.
 */
public class ClipQueries {

	private static final String COLUMNS = "id, video_id, generation, idx, start_ms, end_ms, title, hook, score, reason, "
			+ "preview_key, poster_key";

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	ClipQueries(JdbcClient jdbc, TransactionOperations transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * Inserts a clip or updates the one with its id.
	 * @param clip the clip
	 */
	public void upsert(Clip clip) {
		againAfterARace(() -> {
			write(clip);
			return null;
		});
	}

	private void write(Clip clip) {
		this.jdbc.sql("""
				insert into clips (id, video_id, generation, idx, start_ms, end_ms, title, hook, score, reason,
				  preview_key, poster_key)
				values (:id, :video, :generation, :idx, :start, :end, :title, :hook, :score, :reason, :preview, :poster)
				on conflict (id) do update set start_ms = excluded.start_ms, end_ms = excluded.end_ms,
				  title = excluded.title, hook = excluded.hook, score = excluded.score, reason = excluded.reason,
				  preview_key = coalesce(excluded.preview_key, clips.preview_key),
				  poster_key = coalesce(excluded.poster_key, clips.poster_key), updated_at = now()
				""")
			.param("id", clip.id())
			.param("video", clip.videoId())
			.param("generation", clip.generation())
			.param("idx", clip.index())
			.param("start", clip.startMs())
			.param("end", clip.endMs())
			.param("title", clip.title())
			.param("hook", clip.hook(), Types.VARCHAR)
			.param("score", clip.score())
			.param("reason", clip.reason(), Types.VARCHAR)
			.param("preview", clip.previewKey(), Types.VARCHAR)
			.param("poster", clip.posterKey(), Types.VARCHAR)
			.update();
	}

	/**
	 * Makes a video generation's clips exactly these, in one transaction: upserts each
	 * and deletes the generation's clips at higher indexes (left by an earlier pick that
	 * found more).
	 * @param videoId the video's id
	 * @param generation the video generation
	 * @param clips the clips, indexed 0..n-1, all of this video and generation
	 * @return the ids of the clips deleted, whose objects the caller removes
	 */
	public List<UUID> replaceAll(UUID videoId, int generation, List<Clip> clips) {
		for (int i = 0; i < clips.size(); i++) {
			Clip clip = clips.get(i);
			if (!clip.videoId().equals(videoId) || clip.generation() != generation || clip.index() != i) {
				throw new IllegalArgumentException(
						"clip " + i + " is not clip " + i + " of video " + videoId + " generation " + generation);
			}
		}
		List<UUID> deleted = againAfterARace(() -> this.transactions.execute((status) -> {
			clips.forEach(this::write);
			return this.jdbc
				.sql("delete from clips where video_id = :video and generation = :generation and idx >= :count "
						+ "returning id")
				.param("video", videoId)
				.param("generation", generation)
				.param("count", clips.size())
				.query((rs, row) -> Rows.uuid(rs, "id"))
				.list();
		}));
		return (deleted != null) ? deleted : List.of();
	}

	/**
	 * Runs a write again when it lost a race to insert the same new clip. {@code on
	 * conflict (id)} settles a clash on the id only; two inserts of one new clip also
	 * clash on the other unique key, {@code (video_id, generation, idx)}, and the second
	 * fails with a duplicate key once the first commits. Run again, it finds the
	 * committed row and updates it.
	 */
	private static <T> T againAfterARace(Supplier<T> write) {
		for (int attempt = 1;; attempt++) {
			try {
				return write.get();
			}
			catch (DuplicateKeyException ex) {
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	public Optional<Clip> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from clips where id = :id")
			.param("id", id)
			.query(ClipQueries::clip)
			.optional();
	}

	/** A video generation's clips in index order. */
	public List<Clip> list(UUID videoId, int generation) {
		return this.jdbc
			.sql("select " + COLUMNS + " from clips where video_id = :video and generation = :generation order by idx")
			.param("video", videoId)
			.param("generation", generation)
			.query(ClipQueries::clip)
			.list();
	}

	/**
	 * Saves the keys of a rendered preview.
	 * @param id the clip's id
	 * @param previewKey the preview's key
	 * @param posterKey the poster's key, or {@code null} to keep the stored one
	 * @return whether the clip exists
	 */
	public boolean savePreview(UUID id, String previewKey, @Nullable String posterKey) {
		return this.jdbc
			.sql("update clips set preview_key = :preview, poster_key = coalesce(:poster, poster_key), "
					+ "updated_at = now() where id = :id")
			.param("id", id)
			.param("preview", previewKey)
			.param("poster", posterKey, Types.VARCHAR)
			.update() == 1;
	}

	private static Clip clip(ResultSet rs, int row) throws SQLException {
		return new Clip(Rows.uuid(rs, "id"), Rows.uuid(rs, "video_id"), rs.getInt("generation"), rs.getInt("idx"),
				rs.getLong("start_ms"), rs.getLong("end_ms"), rs.getString("title"), rs.getString("hook"),
				rs.getInt("score"), rs.getString("reason"), rs.getString("preview_key"), rs.getString("poster_key"));
	}

}
