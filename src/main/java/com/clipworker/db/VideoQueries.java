package com.clipworker.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The {@code videos} aggregate. Every write names the generation it belongs to and is
 * guarded: within a generation a status only moves forward, so a late retry never moves a
 * {@code ready} or {@code failed} video back, and a write for an old generation changes
 * nothing once a reprocess started a new one. Writes return whether the row is now as
 * asked (changed now, or already so), {@code false} when the guard refused them.
 */
public class VideoQueries {

	private static final String COLUMNS = "id, owner_id, generation, status, stage, progress, error, source_key, "
			+ "captions_key, proxy_key, audio_key, poster_key, storyboard_key, storyboard_vtt_key, duration_ms, width, "
			+ "height, fps, video_codec, audio_codec, has_audio, size_bytes, probe::text as probe, transcript_source, "
			+ "transcript_note, clips_status, clips_progress, clips_error, clips_note, created_at, updated_at";

	private static final String STATUS_RANK = "(case status when 'pending' then 0 when 'processing' then 1 else 2 end)";

	private static final String CLIPS_RANK = "(case clips_status when 'pending' then 0 when 'generating' then 1 else 2 end)";

	private static final String PROCESSING = "status = 'processing'";

	private final JdbcClient jdbc;

	private final GuardedUpdate update;

	private final TransactionOperations transactions;

	private final ProgressThrottle throttle;

	VideoQueries(JdbcClient jdbc, TransactionOperations transactions, ProgressThrottle throttle) {
		this.jdbc = jdbc;
		this.update = new GuardedUpdate(jdbc, "videos");
		this.transactions = transactions;
		this.throttle = throttle;
	}

	/**
	 * Inserts a video as the web app does after an upload, unless it exists.
	 * @param id the video's id
	 * @param ownerId the owner's id
	 * @param sourceKey the source's object key
	 * @param captionsKey the sidecar subtitle file's key, or {@code null}
	 * @return whether a row was inserted
	 */
	public boolean insertIfAbsent(UUID id, UUID ownerId, String sourceKey, @Nullable String captionsKey) {
		return this.jdbc
			.sql("insert into videos (id, owner_id, source_key, captions_key) values (:id, :owner, :source, :captions) "
					+ "on conflict (id) do nothing")
			.param("id", id)
			.param("owner", ownerId)
			.param("source", sourceKey)
			.param("captions", captionsKey, Types.VARCHAR)
			.update() == 1;
	}

	public Optional<Video> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from videos where id = :id")
			.param("id", id)
			.query(VideoQueries::video)
			.optional();
	}

	/**
	 * Finds a video only if it belongs to an owner, so an event cannot reach another
	 * user's video.
	 * @param id the video's id
	 * @param ownerId the owner named by the event
	 * @return the video, or empty when there is none with that id and owner
	 */
	public Optional<Video> findOwned(UUID id, UUID ownerId) {
		return this.jdbc.sql("select " + COLUMNS + " from videos where id = :id and owner_id = :owner")
			.param("id", id)
			.param("owner", ownerId)
			.query(VideoQueries::video)
			.optional();
	}

	/**
	 * Moves a pending video to {@code processing} with its progress reset.
	 * @param id the video's id
	 * @param generation the generation being processed
	 * @return whether the video is now processing this generation
	 */
	public boolean markProcessing(UUID id, int generation) {
		int updated = this.update
			.row(id, generation, "status = 'processing', stage = null, progress = 0, error = null",
					STATUS_RANK + " < 1")
			.update();
		return GuardedUpdate.asAsked(updated, () -> isAt(id, generation, VideoStatus.PROCESSING));
	}

	/**
	 * Records what is running and how far it is, at most once per second per video (a
	 * stage change always writes). Only a processing video of this generation is changed.
	 * @param id the video's id
	 * @param generation the generation being processed
	 * @param stage what is running ({@code probe}, {@code transcode}, ...)
	 * @param progress percentage 0–100
	 * @return whether the write went to the database
	 */
	public boolean reportProgress(UUID id, int generation, String stage, int progress) {
		ProgressThrottle.checkPercent(progress);
		if (!this.throttle.tryAcquire("videos/" + id, stage)) {
			return false;
		}
		return this.update.row(id, generation, "stage = :stage, progress = greatest(progress, :progress)", PROCESSING)
			.param("stage", stage)
			.param("progress", progress)
			.update() == 1;
	}

	/**
	 * Saves what probing found. Only a processing video of this generation is changed.
	 * @param id the video's id
	 * @param generation the generation being processed
	 * @param probe the probe
	 * @return whether the row now holds the probe
	 */
	public boolean saveProbe(UUID id, int generation, VideoProbe probe) {
		return this.update
			.row(id, generation,
					"duration_ms = :duration, width = :width, height = :height, fps = :fps, video_codec = :videoCodec, "
							+ "audio_codec = :audioCodec, has_audio = :hasAudio, size_bytes = :size, "
							+ "probe = cast(:details as jsonb)",
					PROCESSING)
			.param("duration", probe.durationMs())
			.param("width", probe.width())
			.param("height", probe.height())
			.param("fps", probe.fps())
			.param("videoCodec", probe.videoCodec(), Types.VARCHAR)
			.param("audioCodec", probe.audioCodec(), Types.VARCHAR)
			.param("hasAudio", probe.hasAudio())
			.param("size", probe.sizeBytes())
			.param("details", probe.details(), Types.VARCHAR)
			.update() == 1;
	}

	/**
	 * Saves the keys of what a step made; {@code null} keys keep what is stored. Only a
	 * processing video of this generation is changed.
	 * @param id the video's id
	 * @param generation the generation being processed
	 * @param media the keys to save
	 * @return whether the row now holds the keys
	 */
	public boolean saveMedia(UUID id, int generation, VideoMedia media) {
		return this.update
			.row(id, generation, "proxy_key = coalesce(:proxy, proxy_key), audio_key = coalesce(:audio, audio_key), "
					+ "poster_key = coalesce(:poster, poster_key), storyboard_key = coalesce(:storyboard, storyboard_key), "
					+ "storyboard_vtt_key = coalesce(:storyboardVtt, storyboard_vtt_key)", PROCESSING)
			.param("proxy", media.proxyKey(), Types.VARCHAR)
			.param("audio", media.audioKey(), Types.VARCHAR)
			.param("poster", media.posterKey(), Types.VARCHAR)
			.param("storyboard", media.storyboardKey(), Types.VARCHAR)
			.param("storyboardVtt", media.storyboardVttKey(), Types.VARCHAR)
			.update() == 1;
	}

	/**
	 * Saves where the transcript came from, or why there is none.
	 * @param id the video's id
	 * @param generation the generation being processed
	 * @param source the transcript's source ({@link TranscriptSource#NONE} when there is
	 * none)
	 * @param note why there is no transcript, or {@code null}
	 * @return whether the row now holds the values
	 */
	public boolean saveTranscriptSource(UUID id, int generation, TranscriptSource source, @Nullable String note) {
		return this.update.row(id, generation, "transcript_source = :source, transcript_note = :note", PROCESSING)
			.param("source", source.value())
			.param("note", note, Types.VARCHAR)
			.update() == 1;
	}

	/**
	 * Marks a generation ready (progress 100).
	 * @param id the video's id
	 * @param generation the generation processed
	 * @return whether the video is now ready in this generation
	 */
	public boolean markReady(UUID id, int generation) {
		int updated = this.update
			.row(id, generation, "status = 'ready', stage = null, progress = 100, error = null", STATUS_RANK + " < 2")
			.update();
		this.throttle.forget("videos/" + id);
		return GuardedUpdate.asAsked(updated, () -> isAt(id, generation, VideoStatus.READY));
	}

	/**
	 * Marks a generation failed with the reason the web app shows.
	 * @param id the video's id
	 * @param generation the generation processed
	 * @param error a short reason, without secrets or paths
	 * @return whether the video is now failed in this generation
	 */
	public boolean markFailed(UUID id, int generation, String error) {
		int updated = this.update
			.row(id, generation, "status = 'failed', stage = null, error = :error", STATUS_RANK + " < 2")
			.param("error", error)
			.update();
		this.throttle.forget("videos/" + id);
		return GuardedUpdate.asAsked(updated, () -> isAt(id, generation, VideoStatus.FAILED));
	}

	/**
	 * Starts a new generation of a ready or failed video: status pending, progress,
	 * results and clip state cleared. Idempotent: asking again from the same generation
	 * returns the generation the first call started.
	 * @param id the video's id
	 * @param fromGeneration the generation the reprocess replaces (read before)
	 * @return the new generation
	 * @throws ReprocessRefusedException when there is no such video, it is still being
	 * processed, or it has moved past {@code fromGeneration + 1}
	 */
	public int startReprocess(UUID id, int fromGeneration) {
		int updated = this.update
			.row(id, fromGeneration, """
					generation = generation + 1, status = 'pending', stage = null, progress = 0, error = null,
					  proxy_key = null, audio_key = null, poster_key = null, storyboard_key = null,
					  storyboard_vtt_key = null, transcript_source = null, transcript_note = null,
					  clips_status = 'pending', clips_progress = 0, clips_error = null, clips_note = null""",
					"status in ('ready', 'failed')")
			.update();
		if (updated == 1) {
			this.throttle.forget("videos/" + id);
			return fromGeneration + 1;
		}
		Video video = find(id).orElseThrow(() -> new ReprocessRefusedException(id, fromGeneration, "no such video"));
		if (video.generation() == fromGeneration + 1) {
			return video.generation();
		}
		if (video.generation() == fromGeneration) {
			throw new ReprocessRefusedException(id, fromGeneration, "it is still " + video.status().value());
		}
		throw new ReprocessRefusedException(id, fromGeneration, "its current generation is " + video.generation());
	}

	/**
	 * Records what the reader of the clips should know although generation succeeded (a
	 * fallback that was used).
	 * @param id the video
	 * @param generation the generation the clips belong to
	 * @param note the note, or {@code null} to clear it
	 * @return whether the row is of that generation
	 */
	public boolean saveClipsNote(UUID id, int generation, @Nullable String note) {
		return this.update.row(id, generation, "clips_note = :note", GuardedUpdate.ANY_STATUS)
			.param("note", note, Types.VARCHAR)
			.update() == 1;
	}

	/**
	 * Moves clip generation of a generation from pending to generating.
	 * @param id the video's id
	 * @param generation the video generation the clips are for
	 * @return whether clip generation is now running for this generation
	 */
	public boolean markClipsGenerating(UUID id, int generation) {
		int updated = this.update
			.row(id, generation,
					"clips_status = 'generating', clips_progress = 0, clips_error = null, clips_note = null",
					CLIPS_RANK + " < 1")
			.update();
		return GuardedUpdate.asAsked(updated, () -> isClipsAt(id, generation, ClipsStatus.GENERATING));
	}

	/**
	 * Records clip generation progress, at most once per second per video.
	 * @param id the video's id
	 * @param generation the video generation the clips are for
	 * @param progress percentage 0–100
	 * @return whether the write went to the database
	 */
	public boolean reportClipsProgress(UUID id, int generation, int progress) {
		ProgressThrottle.checkPercent(progress);
		if (!this.throttle.tryAcquire("videos/" + id + "/clips", null)) {
			return false;
		}
		return this.update
			.row(id, generation, "clips_progress = greatest(clips_progress, :progress)", "clips_status = 'generating'")
			.param("progress", progress)
			.update() == 1;
	}

	public boolean markClipsReady(UUID id, int generation) {
		int updated = this.update
			.row(id, generation, "clips_status = 'ready', clips_progress = 100, clips_error = null",
					CLIPS_RANK + " < 2")
			.update();
		this.throttle.forget("videos/" + id + "/clips");
		return GuardedUpdate.asAsked(updated, () -> isClipsAt(id, generation, ClipsStatus.READY));
	}

	public boolean markClipsFailed(UUID id, int generation, String error) {
		int updated = this.update
			.row(id, generation, "clips_status = 'failed', clips_error = :error", CLIPS_RANK + " < 2")
			.param("error", error)
			.update();
		this.throttle.forget("videos/" + id + "/clips");
		return GuardedUpdate.asAsked(updated, () -> isClipsAt(id, generation, ClipsStatus.FAILED));
	}

	/** The ids of every clip of a video, all generations, for deleting their objects. */
	public List<UUID> clipIds(UUID videoId) {
		return this.jdbc.sql("select id from clips where video_id = :video order by id")
			.param("video", videoId)
			.query((rs, row) -> Rows.uuid(rs, "id"))
			.list();
	}

	/** The ids of every export of a video's clips, for deleting their objects. */
	public List<UUID> exportIds(UUID videoId) {
		return this.jdbc
			.sql("select e.id from exports e join clips c on c.id = e.clip_id where c.video_id = :video order by e.id")
			.param("video", videoId)
			.query((rs, row) -> Rows.uuid(rs, "id"))
			.list();
	}

	/**
	 * Deletes a video's transcripts, clips and exports in one transaction. Idempotent.
	 * List {@link #clipIds} and {@link #exportIds} first: afterwards they are gone.
	 * @param videoId the video's id
	 * @return how many rows went
	 */
	public DeletedRows deleteDerivedRows(UUID videoId) {
		DeletedRows deleted = this.transactions.execute((status) -> {
			int exports = this.jdbc
				.sql("delete from exports where clip_id in (select id from clips where video_id = :video)")
				.param("video", videoId)
				.update();
			int clips = this.jdbc.sql("delete from clips where video_id = :video").param("video", videoId).update();
			int transcripts = this.jdbc.sql("delete from transcripts where video_id = :video")
				.param("video", videoId)
				.update();
			return new DeletedRows(transcripts, clips, exports);
		});
		return Objects.requireNonNull(deleted);
	}

	/**
	 * Deletes the video row itself. Idempotent.
	 * @param videoId the video's id
	 * @return whether a row went
	 */
	public boolean delete(UUID videoId) {
		this.throttle.forget("videos/" + videoId);
		return this.jdbc.sql("delete from videos where id = :id").param("id", videoId).update() == 1;
	}

	private boolean isAt(UUID id, int generation, VideoStatus status) {
		return find(id).filter((video) -> video.generation() == generation && video.status() == status).isPresent();
	}

	private boolean isClipsAt(UUID id, int generation, ClipsStatus status) {
		return find(id).filter((video) -> video.generation() == generation && video.clipsStatus() == status)
			.isPresent();
	}

	private static Video video(ResultSet rs, int row) throws SQLException {
		Long duration = Rows.nullableLong(rs, "duration_ms");
		VideoProbe probe = (duration != null) ? new VideoProbe(duration, rs.getInt("width"), rs.getInt("height"),
				rs.getDouble("fps"), rs.getString("video_codec"), rs.getString("audio_codec"),
				rs.getBoolean("has_audio"), rs.getLong("size_bytes"), rs.getString("probe")) : null;
		String transcriptSource = rs.getString("transcript_source");
		return new Video(Rows.uuid(rs, "id"), Rows.uuid(rs, "owner_id"), rs.getInt("generation"),
				VideoStatus.of(rs.getString("status")), rs.getString("stage"), rs.getInt("progress"),
				rs.getString("error"), rs.getString("source_key"), rs.getString("captions_key"),
				new VideoMedia(rs.getString("proxy_key"), rs.getString("audio_key"), rs.getString("poster_key"),
						rs.getString("storyboard_key"), rs.getString("storyboard_vtt_key")),
				probe, (transcriptSource != null) ? TranscriptSource.of(transcriptSource) : null,
				rs.getString("transcript_note"), ClipsStatus.of(rs.getString("clips_status")),
				rs.getInt("clips_progress"), rs.getString("clips_error"), rs.getString("clips_note"),
				Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
	}

}
