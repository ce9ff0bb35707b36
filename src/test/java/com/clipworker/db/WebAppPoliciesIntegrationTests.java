package com.clipworker.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQL that {@code docs/web-app.md} gives the web app runs on the worker's schema and
 * does what the guide says: run as Supabase's {@code authenticated} role with
 * {@code auth.uid()}, each user sees only their own rows, may add videos and request
 * exports only in the shape the worker expects, and changes nothing the worker owns.
 */
class WebAppPoliciesIntegrationTests {

	private static final Path GUIDE = Path.of("docs/web-app.md");

	private static final UUID ALICE = UUID.fromString("a11ce000-0000-4000-8000-000000000001");

	private static final UUID BOB = UUID.fromString("b0b00000-0000-4000-8000-000000000002");

	private final UUID aliceVideo = UUID.randomUUID();

	private final UUID bobVideo = UUID.randomUUID();

	private final UUID aliceClip = UUID.randomUUID();

	private final UUID bobClip = UUID.randomUUID();

	private final UUID aliceExport = UUID.randomUUID();

	private final UUID bobExport = UUID.randomUUID();

	private TestDatabase database;

	@BeforeEach
	void applyTheGuidesPoliciesToASupabaseLikeDatabase() throws SQLException, IOException {
		this.database = TestDatabase.create();
		execute(this.database.dataSource(), supabaseStandIn());
		execute(this.database.dataSource(), guideSql("-- Row-level security for the web app's users"));
		for (UUID[] owned : new UUID[][] { { this.aliceVideo, ALICE, this.aliceClip, this.aliceExport },
				{ this.bobVideo, BOB, this.bobClip, this.bobExport } }) {
			this.database.videos().insertIfAbsent(owned[0], owned[1], "videos/" + owned[0] + "/source", null);
			this.database.clips()
				.upsert(new Clip(owned[2], owned[0], 1, 0, 0, 20_000, "A clip", null, 80, null, null, null));
			this.database.transcripts()
				.upsert(new Transcript(owned[0], 1, "en", TranscriptSource.SIDECAR, null, null, List.of(), List.of()));
			this.database.exports().insertIfAbsent(owned[3], owned[1], owned[2], "vertical", "karaoke");
		}
		this.database.aiResults().save("transcription:x", "transcription", "groq", "whisper", "{}");
	}

	@AfterEach
	void close() {
		this.database.close();
	}

	@Test
	void eachUserSeesOnlyTheirOwnRows() throws SQLException {
		try (Connection alice = as("authenticated", ALICE)) {
			assertThat(ids(alice, "select id from videos")).containsExactly(this.aliceVideo);
			assertThat(ids(alice, "select id from clips")).containsExactly(this.aliceClip);
			assertThat(ids(alice, "select video_id as id from transcripts")).containsExactly(this.aliceVideo);
			assertThat(ids(alice, "select id from exports")).containsExactly(this.aliceExport);
		}
		try (Connection bob = as("authenticated", BOB)) {
			assertThat(ids(bob, "select id from videos")).containsExactly(this.bobVideo);
			assertThat(ids(bob, "select id from exports")).containsExactly(this.bobExport);
		}
		try (Connection visitor = as("anon", null)) {
			assertThat(ids(visitor, "select id from videos")).isEmpty();
			assertThat(ids(visitor, "select id from clips")).isEmpty();
			assertThat(ids(visitor, "select id from exports")).isEmpty();
		}
	}

	@Test
	void usersRequestExportsOnlyForTheirClipsWithKnownIds() throws SQLException {
		try (Connection alice = as("authenticated", ALICE)) {
			assertThat(insertExport(alice, ALICE, this.aliceClip, "square", "bold-pop", "pending")).isNull();
			assertThat(insertExport(alice, ALICE, this.bobClip, "square", "bold-pop", "pending"))
				.as("a clip of someone else's video")
				.isEqualTo("42501");
			assertThat(insertExport(alice, BOB, this.aliceClip, "square", "bold-pop", "pending"))
				.as("in someone else's name")
				.isEqualTo("42501");
			assertThat(insertExport(alice, ALICE, this.aliceClip, "portrait", "bold-pop", "pending"))
				.as("an unknown preset")
				.isEqualTo("42501");
			assertThat(insertExport(alice, ALICE, this.aliceClip, "square", "comic-sans", "pending"))
				.as("an unknown caption style")
				.isEqualTo("42501");
			assertThat(insertExport(alice, ALICE, this.aliceClip, "square", "none", "done")).as("a finished export")
				.isEqualTo("42501");
		}
	}

	@Test
	void usersAddVideosOnlyWithTheKeysTheWorkerDerives() throws SQLException {
		try (Connection alice = as("authenticated", ALICE)) {
			UUID id = UUID.randomUUID();
			assertThat(insertVideo(alice, id, ALICE, "videos/" + id + "/source", "videos/" + id + "/captions.vtt"))
				.isNull();
			UUID other = UUID.randomUUID();
			assertThat(insertVideo(alice, other, ALICE, "videos/" + this.bobVideo + "/source", null))
				.as("another video's source")
				.isEqualTo("42501");
			assertThat(
					insertVideo(alice, other, ALICE, "videos/" + other + "/source", "videos/" + other + "/notes.txt"))
				.as("captions under another name")
				.isEqualTo("42501");
			assertThat(insertVideo(alice, other, BOB, "videos/" + other + "/source", null)).as("in someone else's name")
				.isEqualTo("42501");
		}
	}

	@Test
	void usersChangeNothingTheWorkerWritesAndDeleteOnlyTheirVideos() throws SQLException {
		try (Connection alice = as("authenticated", ALICE)) {
			assertThat(update(alice, "update videos set status = 'ready', progress = 100")).isZero();
			assertThat(update(alice, "update exports set status = 'done', output_key = 'exports/x/final.mp4'"))
				.isZero();
			assertThat(update(alice, "update clips set score = 100")).isZero();
			assertThat(update(alice, "delete from videos where id = '" + this.bobVideo + "'")).isZero();
			assertThat(update(alice, "delete from videos where id = '" + this.aliceVideo + "'")).isOne();
			assertThat(sqlState(alice, "select * from ai_results")).isEqualTo("42501");
			assertThat(sqlState(alice, "select * from step_leases")).isEqualTo("42501");
		}
		assertThat(this.database.videos().find(this.bobVideo)).isPresent();
		assertThat(this.database.exports().find(this.aliceExport).orElseThrow().status())
			.isEqualTo(ExportStatus.PENDING);
	}

	@Test
	void progressTablesArePublishedForRealtime() {
		assertThat(this.database.jdbc()
			.sql("select tablename from pg_publication_tables where pubname = 'supabase_realtime' order by tablename")
			.query(String.class)
			.list()).containsExactly("exports", "videos");
	}

	/**
	 * What a Supabase project has that plain PostgreSQL lacks, as far as the SQL needs.
	 */
	private static String supabaseStandIn() {
		return """
				do $$ begin
				  if not exists (select from pg_roles where rolname = 'anon') then create role anon nologin; end if;
				  if not exists (select from pg_roles where rolname = 'authenticated') then
				    create role authenticated nologin;
				  end if;
				end $$;
				create schema auth;
				create function auth.uid() returns uuid language sql stable as $$
				  select nullif(current_setting('request.jwt.claims', true)::jsonb ->> 'sub', '')::uuid
				$$;
				grant usage on schema auth to anon, authenticated;
				grant usage on schema public to anon, authenticated;
				grant select, insert, update, delete on all tables in schema public to anon, authenticated;
				create publication supabase_realtime;
				""";
	}

	private Connection as(String role, UUID user) throws SQLException {
		// a connection of its own: the role stays with the session, so it must not go
		// back to a pool
		Connection connection = DriverManager.getConnection(this.database.jdbcUrl());
		try (Statement statement = connection.createStatement()) {
			statement.execute("set role " + role);
			statement.execute("select set_config('request.jwt.claims', '"
					+ ((user != null) ? "{\"sub\":\"" + user + "\"}" : "{}") + "', false)");
		}
		return connection;
	}

	private static List<UUID> ids(Connection connection, String sql) throws SQLException {
		List<UUID> ids = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				ids.add(rows.getObject("id", UUID.class));
			}
		}
		return ids;
	}

	private static String insertExport(Connection connection, UUID owner, UUID clip, String preset, String style,
			String status) throws SQLException {
		return sqlState(connection,
				"insert into exports (id, owner_id, clip_id, preset, caption_style, status) values (?, ?, ?, ?, ?, ?)",
				UUID.randomUUID(), owner, clip, preset, style, status);
	}

	private static String insertVideo(Connection connection, UUID id, UUID owner, String sourceKey, String captionsKey)
			throws SQLException {
		return sqlState(connection, "insert into videos (id, owner_id, source_key, captions_key) values (?, ?, ?, ?)",
				id, owner, sourceKey, captionsKey);
	}

	private static int update(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			return statement.executeUpdate(sql);
		}
	}

	/** Runs a statement: {@code null} when it succeeded, else its SQL state. */
	private static String sqlState(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				if (parameters[i] != null) {
					statement.setObject(i + 1, parameters[i]);
				}
				else {
					statement.setNull(i + 1, Types.VARCHAR);
				}
			}
			statement.execute();
			return null;
		}
		catch (SQLException ex) {
			if (ex.getSQLState() == null) {
				throw ex;
			}
			return ex.getSQLState();
		}
	}

	private static void execute(HikariDataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/** The {@code ```sql} block of the guide whose first line is the given comment. */
	private static String guideSql(String firstLine) throws IOException {
		Matcher block = Pattern.compile("```sql\\n(" + Pattern.quote(firstLine) + ".*?)```", Pattern.DOTALL)
			.matcher(Files.readString(GUIDE));
		assertThat(block.find()).as("a sql block starting with %s in %s", firstLine, GUIDE).isTrue();
		return block.group(1);
	}

}
