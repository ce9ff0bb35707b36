package com.clipworker.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code exports} aggregate. The web app inserts the rows; the worker moves them
 * forward only ({@code pending → rendering → done | failed}), so a late retry never moves
 * a finished export back. Writes return whether the row is now as asked.
 */
public class ExportQueries {

	private static final String COLUMNS = "id, owner_id, clip_id, preset, caption_style, status, progress, output_key, "
			+ "error, created_at, updated_at";

	private static final String RANK = "(case status when 'pending' then 0 when 'rendering' then 1 else 2 end)";

	private final JdbcClient jdbc;

	private final GuardedUpdate update;

	private final ProgressThrottle throttle;

	ExportQueries(JdbcClient jdbc, ProgressThrottle throttle) {
		this.jdbc = jdbc;
		this.update = new GuardedUpdate(jdbc, "exports");
		this.throttle = throttle;
	}

	/**
	 * Inserts an export as the web app does, unless it exists.
	 * @return whether a row was inserted
	 */
	public boolean insertIfAbsent(UUID id, UUID ownerId, UUID clipId, String preset, String captionStyle) {
		return this.jdbc
			.sql("insert into exports (id, owner_id, clip_id, preset, caption_style) "
					+ "values (:id, :owner, :clip, :preset, :style) on conflict (id) do nothing")
			.param("id", id)
			.param("owner", ownerId)
			.param("clip", clipId)
			.param("preset", preset)
			.param("style", captionStyle)
			.update() == 1;
	}

	public Optional<Export> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from exports where id = :id")
			.param("id", id)
			.query(ExportQueries::export)
			.optional();
	}

	/**
	 * Finds an export only if it belongs to an owner.
	 * @param id the export's id
	 * @param ownerId the owner named by the event
	 * @return the export, or empty when there is none with that id and owner
	 */
	public Optional<Export> findOwned(UUID id, UUID ownerId) {
		return this.jdbc.sql("select " + COLUMNS + " from exports where id = :id and owner_id = :owner")
			.param("id", id)
			.param("owner", ownerId)
			.query(ExportQueries::export)
			.optional();
	}

	public boolean markRendering(UUID id) {
		int updated = this.update.row(id, "status = 'rendering', progress = 0, error = null", RANK + " < 1").update();
		return GuardedUpdate.asAsked(updated, () -> isAt(id, ExportStatus.RENDERING));
	}

	/**
	 * Records rendering progress, at most once per second per export.
	 * @param id the export's id
	 * @param progress percentage 0–100
	 * @return whether the write went to the database
	 */
	public boolean reportProgress(UUID id, int progress) {
		ProgressThrottle.checkPercent(progress);
		if (!this.throttle.tryAcquire("exports/" + id, null)) {
			return false;
		}
		return this.update.row(id, "progress = :progress", "status = 'rendering'")
			.param("progress", progress)
			.update() == 1;
	}

	/**
	 * Marks an export done with its output's key (progress 100).
	 * @param id the export's id
	 * @param outputKey the rendered file's object key, uploaded before this write
	 * @return whether the export is now done
	 */
	public boolean markDone(UUID id, String outputKey) {
		int updated = this.update
			.row(id, "status = 'done', progress = 100, output_key = :output, error = null", RANK + " < 2")
			.param("output", outputKey)
			.update();
		this.throttle.forget("exports/" + id);
		return GuardedUpdate.asAsked(updated, () -> isAt(id, ExportStatus.DONE));
	}

	public boolean markFailed(UUID id, String error) {
		int updated = this.update.row(id, "status = 'failed', error = :error", RANK + " < 2")
			.param("error", error)
			.update();
		this.throttle.forget("exports/" + id);
		return GuardedUpdate.asAsked(updated, () -> isAt(id, ExportStatus.FAILED));
	}

	private boolean isAt(UUID id, ExportStatus status) {
		return find(id).filter((export) -> export.status() == status).isPresent();
	}

	private static Export export(ResultSet rs, int row) throws SQLException {
		return new Export(Rows.uuid(rs, "id"), Rows.uuid(rs, "owner_id"), Rows.uuid(rs, "clip_id"),
				rs.getString("preset"), rs.getString("caption_style"), ExportStatus.of(rs.getString("status")),
				rs.getInt("progress"), rs.getString("output_key"), rs.getString("error"),
				Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
	}

}
