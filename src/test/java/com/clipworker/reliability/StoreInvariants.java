package com.clipworker.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import com.clipworker.media.MediaFixtures;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What must hold across the whole database and bucket of a scenario once every run has
 * ended, however the workers died on the way: every video in exactly one terminal state
 * (and its clips too, once it is ready); every export done or failed; clip rows and clip
 * objects the same set; no object whose row is gone (orphan) and no row pointing at a
 * missing object; no clip picked twice for one generation; no transcript or clip of a
 * video that does not exist; no step lease left; no multipart upload left open. And on
 * the machine: no job directory left in the workers' media directories (the live Chromium
 * profile aside) and none of a dead worker's ffmpeg or Chromium processes still running.
 * {@link #violations()} lists every breach, so one check reports them all.
 */
public final class StoreInvariants {

	private static final Set<String> VIDEO_KEY_COLUMNS = Set.of("source_key", "captions_key", "proxy_key", "audio_key",
			"poster_key", "storyboard_key", "storyboard_vtt_key");

	private final JdbcClient jdbc;

	private final S3Client s3;

	private final String bucket;

	public StoreInvariants(JdbcClient jdbc, S3Client s3, String bucket) {
		this.jdbc = jdbc;
		this.s3 = s3;
		this.bucket = bucket;
	}

	/** Fails with every breach of the store invariants. */
	public void assertHold() {
		assertThat(violations()).as("store invariants").isEmpty();
	}

	/** Every breach of the store invariants, in words. */
	public List<String> violations() {
		List<String> found = new ArrayList<>();
		Set<String> keys = objectKeys();
		Set<String> videos = ids("select id from videos");
		Set<String> clips = ids("select id from clips");
		Set<String> exports = ids("select id from exports");

		this.jdbc
			.sql("""
					select id, status, clips_status from videos
					where status not in ('ready', 'failed') or (status = 'ready' and clips_status not in ('ready', 'failed'))
					""")
			.query((rs, n) -> "video " + rs.getString(1) + " is not in a terminal state: status " + rs.getString(2)
					+ ", clips " + rs.getString(3))
			.list()
			.forEach(found::add);
		this.jdbc.sql("select id, status from exports where status not in ('done', 'failed')")
			.query((rs, n) -> "export " + rs.getString(1) + " is not in a terminal state: " + rs.getString(2))
			.list()
			.forEach(found::add);

		for (String key : keys) {
			String[] parts = key.split("/");
			Set<String> owners = switch (parts[0]) {
				case "videos" -> videos;
				case "clips" -> clips;
				case "exports" -> exports;
				default -> Set.of();
			};
			if (parts.length < 3 || !owners.contains(parts[1])) {
				found.add("orphaned object " + key + " (no row owns it)");
			}
		}
		Set<String> clipObjectIds = new TreeSet<>();
		keys.stream().filter((k) -> k.startsWith("clips/")).forEach((k) -> clipObjectIds.add(k.split("/")[1]));
		if (!clipObjectIds.equals(new TreeSet<>(clips))) {
			found.add("clip rows " + new TreeSet<>(clips) + " differ from the clips with objects " + clipObjectIds);
		}

		for (Map<String, Object> row : this.jdbc.sql("select * from videos").query().listOfRows()) {
			for (String column : VIDEO_KEY_COLUMNS) {
				referenced(found, keys, "video " + row.get("id") + " " + column, row.get(column));
			}
		}
		for (Map<String, Object> row : this.jdbc.sql("select id, preview_key, poster_key from clips")
			.query()
			.listOfRows()) {
			if (row.get("preview_key") == null || row.get("poster_key") == null) {
				found.add("clip " + row.get("id") + " has no preview or poster");
			}
			referenced(found, keys, "clip " + row.get("id") + " preview_key", row.get("preview_key"));
			referenced(found, keys, "clip " + row.get("id") + " poster_key", row.get("poster_key"));
		}
		for (Map<String, Object> row : this.jdbc.sql("select id, status, output_key from exports")
			.query()
			.listOfRows()) {
			if ("done".equals(row.get("status")) && row.get("output_key") == null) {
				found.add("export " + row.get("id") + " is done without an output");
			}
			referenced(found, keys, "export " + row.get("id") + " output_key", row.get("output_key"));
		}

		this.jdbc.sql("""
				select video_id, generation, start_ms, end_ms, count(*) from clips
				group by video_id, generation, start_ms, end_ms having count(*) > 1
				""")
			.query((rs, n) -> "clip " + rs.getString(3) + "-" + rs.getString(4) + " ms of video " + rs.getString(1)
					+ " generation " + rs.getInt(2) + " stored " + rs.getInt(5) + " times")
			.list()
			.forEach(found::add);
		this.jdbc.sql("""
				select c.id from clips c left join videos v on v.id = c.video_id
				where v.id is null or c.generation <> v.generation
				""")
			.query((rs, n) -> "clip " + rs.getString(1) + " belongs to no current video generation")
			.list()
			.forEach(found::add);
		this.jdbc.sql("""
				select t.video_id, t.generation from transcripts t left join videos v on v.id = t.video_id
				where v.id is null
				""")
			.query((rs, n) -> "transcript of video " + rs.getString(1) + " outlives it")
			.list()
			.forEach(found::add);
		this.jdbc.sql("select run_id, step_id, holder from step_leases")
			.query((rs, n) -> "step lease " + rs.getString(1) + "/" + rs.getString(2) + " still held by "
					+ rs.getString(3))
			.list()
			.forEach(found::add);
		this.s3.listMultipartUploads((r) -> r.bucket(this.bucket))
			.uploads()
			.forEach((upload) -> found.add("multipart upload of " + upload.key() + " left open"));
		return found;
	}

	private static void referenced(List<String> found, Set<String> keys, String what, Object key) {
		if (key != null && !keys.contains(key.toString())) {
			found.add(what + " names the missing object " + key);
		}
	}

	/** Every key in the bucket. */
	public Set<String> objectKeys() {
		Set<String> keys = new TreeSet<>();
		this.s3.listObjectsV2Paginator((r) -> r.bucket(this.bucket))
			.contents()
			.stream()
			.map(S3Object::key)
			.forEach(keys::add);
		return keys;
	}

	private Set<String> ids(String sql) {
		return new HashSet<>(this.jdbc.sql(sql).query((rs, n) -> rs.getString(1)).list());
	}

	/**
	 * Fails unless, within {@code wait}, the media directories hold nothing but the live
	 * Chromium profile and none of the processes is running any more.
	 * @param workDirs the workers' media work directories
	 * @param leftBehind processes of dead workers (their ffmpeg and Chromium)
	 * @param wait how long they may take to go
	 */
	public static void assertNothingLeftBehind(List<Path> workDirs, List<ProcessHandle> leftBehind, Duration wait) {
		long deadline = System.nanoTime() + wait.toNanos();
		List<String> left = leftovers(workDirs, leftBehind);
		while (!left.isEmpty() && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			left = leftovers(workDirs, leftBehind);
		}
		assertThat(left).as("job directories and processes left behind").isEmpty();
	}

	private static List<String> leftovers(List<Path> workDirs, List<ProcessHandle> leftBehind) {
		List<String> left = new ArrayList<>();
		for (Path dir : workDirs) {
			if (!Files.isDirectory(dir)) {
				continue;
			}
			try (Stream<Path> entries = Files.list(dir)) {
				entries.filter((p) -> !p.getFileName().toString().startsWith("chromium-"))
					.forEach((p) -> left.add("job directory " + p));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		for (ProcessHandle process : leftBehind) {
			if (MediaFixtures.isRunning(process)) {
				String command = commandLine(process);
				left.add("process " + process.pid() + " " + command.substring(0, Math.min(command.length(), 200)));
			}
		}
		return left;
	}

	static String commandLine(ProcessHandle handle) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(handle.pid()), "cmdline")).replace('\0', ' ');
		}
		catch (IOException ex) {
			return "";
		}
	}

}
