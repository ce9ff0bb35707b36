package com.clipworker;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.DefaultValue;

import com.clipworker.config.EnvironmentNames;
import com.clipworker.db.ClipsStatus;
import com.clipworker.db.ExportStatus;
import com.clipworker.db.VideoStatus;
import com.clipworker.events.CaptionStyle;
import com.clipworker.events.EventCatalog;
import com.clipworker.events.EventDefinition;
import com.clipworker.events.EventDefinition.Sender;
import com.clipworker.events.ExportPreset;
import com.clipworker.inngest.FunctionRegistry;
import com.clipworker.inngest.InngestProperties;
import com.clipworker.storage.ObjectKeys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/web-app.md} says what the code does: its event ids, statuses, object keys,
 * preset and caption-style ids, variable names, function ids and links are checked
 * against the code and the repository, so the web app's guide fails the build when it
 * drifts.
 */
class WebAppDocumentationTests {

	private static final Path GUIDE = Path.of("docs/web-app.md");

	private static final UUID VIDEO = UUID.fromString("11111111-1111-4111-8111-111111111111");

	private static final UUID CLIP = UUID.fromString("22222222-2222-4222-8222-222222222222");

	private static final UUID EXPORT = UUID.fromString("33333333-3333-4333-8333-333333333333");

	private final String guide = read(GUIDE);

	@Test
	void eventTableHasEveryEventWithItsSenderAndId() {
		for (EventDefinition event : EventCatalog.EVENTS) {
			String sender = (event.sender() == Sender.WEB_APP) ? "web app" : "worker";
			assertThat(this.guide).as("the events table row of %s", event.name())
				.contains("| `" + event.name() + "` | " + sender + " |")
				.contains("| `" + event.idTemplate() + "` |");
		}
	}

	@Test
	void examplesSendOnlyTheWebAppsEventsAndAlwaysWithAnId() {
		Set<String> webAppEvents = new LinkedHashSet<>();
		EventCatalog.EVENTS.stream()
			.filter((event) -> event.sender() == Sender.WEB_APP)
			.forEach((event) -> webAppEvents.add(event.name()));
		Matcher send = Pattern.compile("inngest\\.send\\(\\{ name: \"([^\"]+)\",\\s*id: eventIds\\[\"([^\"]+)\"\\]")
			.matcher(this.guide);
		Set<String> sent = new LinkedHashSet<>();
		int withId = 0;
		while (send.find()) {
			assertThat(send.group(2)).as("the id function of %s", send.group(1)).isEqualTo(send.group(1));
			sent.add(send.group(1));
			withId++;
		}
		assertThat(sent).containsExactlyInAnyOrderElementsOf(webAppEvents);
		assertThat(count(this.guide, "inngest.send(")).as("sends, each with an id from eventIds").isEqualTo(withId);
	}

	@Test
	void statusTypesAreTheStoredValues() {
		assertThat(union("VideoStatus")).containsExactlyElementsOf(values(VideoStatus.values(), VideoStatus::value));
		assertThat(union("ClipsStatus")).containsExactlyElementsOf(values(ClipsStatus.values(), ClipsStatus::value));
		assertThat(union("ExportStatus")).containsExactlyElementsOf(values(ExportStatus.values(), ExportStatus::value));
	}

	@Test
	void columnTablesNameTheMigrationsColumns() {
		String migration = read(Path.of("src/main/resources/db/migration/V1__create_worker_tables.sql"));
		for (String table : List.of("videos", "exports")) {
			Matcher create = Pattern.compile("create table " + table + " \\((.*?)\\n\\);", Pattern.DOTALL)
				.matcher(migration);
			assertThat(create.find()).as("create table %s", table).isTrue();
			Set<String> columns = new LinkedHashSet<>();
			Matcher column = Pattern.compile("(?m)^ {4}(?!check|unique|primary)([a-z_]+)\\s").matcher(create.group(1));
			while (column.find()) {
				columns.add(column.group(1));
			}
			Matcher added = Pattern.compile("alter table " + table + " add column ([a-z_]+)")
				.matcher(laterMigrations());
			while (added.find()) {
				columns.add(added.group(1));
			}
			Set<String> documented = new LinkedHashSet<>();
			for (String row : section("### `" + table + "`").lines()
				.filter((line) -> line.startsWith("| `"))
				.toList()) {
				Matcher name = Pattern.compile("`([a-z_]+)`").matcher(row.split("\\|")[1]);
				while (name.find()) {
					documented.add(name.group(1));
				}
			}
			assertThat(columns).as("columns of %s", table).containsAll(documented);
			assertThat(documented).as("columns of %s the guide describes", table).containsAll(columns);
		}
	}

	private static String laterMigrations() {
		try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/migration"))) {
			return files.filter((file) -> file.getFileName().toString().matches("V([2-9]|\\d{2,})__.*\\.sql"))
				.sorted()
				.map(WebAppDocumentationTests::read)
				.collect(java.util.stream.Collectors.joining("\n"));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void presetAndCaptionStyleIdsAreTheContracts() {
		assertThat(sqlList("preset")).containsExactlyElementsOf(ExportPreset.ids());
		assertThat(sqlList("caption_style")).containsExactlyElementsOf(CaptionStyle.ids());
		ExportPreset.ids().forEach((id) -> assertThat(this.guide).contains("| `" + id + "` |"));
		CaptionStyle.ids().forEach((id) -> assertThat(this.guide).contains("| `" + id + "` |"));
	}

	@Test
	void mediaKeysAreTheStoresKeys() {
		List<String> keys = List.of(ObjectKeys.videoSource(VIDEO), ObjectKeys.videoCaptions(VIDEO, "srt"),
				ObjectKeys.videoCaptions(VIDEO, "vtt"), ObjectKeys.videoProxy(VIDEO), ObjectKeys.videoPoster(VIDEO),
				ObjectKeys.videoStoryboard(VIDEO), ObjectKeys.videoStoryboardVtt(VIDEO), ObjectKeys.clipPreview(CLIP),
				ObjectKeys.clipPoster(CLIP), ObjectKeys.exportFinal(EXPORT));
		for (String key : keys) {
			assertThat(this.guide).contains("`" + placeholders(key) + "`");
		}
		assertThat(this.guide)
			.contains("`" + placeholders(ObjectKeys.videoAudio(VIDEO, "flac")).replace("flac", "*") + "`");
	}

	@Test
	void presigningAcceptsEveryMediaKeyAndNothingElse() {
		Matcher declaration = Pattern.compile("const MEDIA_KEY = /(.+)/;").matcher(this.guide);
		assertThat(declaration.find()).as("MEDIA_KEY in the presigning example").isTrue();
		Pattern mediaKey = Pattern.compile(declaration.group(1).replace("\\/", "/"));
		List.of(ObjectKeys.videoSource(VIDEO), ObjectKeys.videoProxy(VIDEO), ObjectKeys.videoPoster(VIDEO),
				ObjectKeys.videoStoryboard(VIDEO), ObjectKeys.videoStoryboardVtt(VIDEO),
				ObjectKeys.videoCaptions(VIDEO, "vtt"), ObjectKeys.clipPreview(CLIP), ObjectKeys.clipPoster(CLIP),
				ObjectKeys.exportFinal(EXPORT))
			.forEach((key) -> assertThat(mediaKey.matcher(key).matches()).as(key).isTrue());
		List.of("videos/" + VIDEO + "/../source", "secrets/" + VIDEO + "/source", "videos/" + VIDEO + "/a/b",
				"videos/x/source", "videos/" + VIDEO + "/", "videos/" + VIDEO + "/..", "videos/" + VIDEO + "/.hidden",
				"VIDEOS/" + VIDEO + "/source")
			.forEach((key) -> assertThat(mediaKey.matcher(key).matches()).as(key).isFalse());
	}

	@Test
	void workerVariablesAreOnesTheWorkerReads() {
		String table = section("## Environment variables");
		List<String> known = EnvironmentNames.variables();
		Pattern name = Pattern.compile("`([A-Z][A-Z0-9_]+)`");
		int checked = 0;
		for (String row : table.lines().filter((line) -> line.startsWith("| ")).skip(2).toList()) {
			String workerColumn = row.split("\\|")[3];
			Matcher variable = name.matcher(workerColumn);
			while (variable.find()) {
				assertThat(known).as("a worker variable named in the table").contains(variable.group(1));
				checked++;
			}
		}
		assertThat(checked).as("variables found in the worker column").isGreaterThan(10);
	}

	@Test
	void functionIdsCarryTheWorkersDefaultAppId() throws NoSuchMethodException {
		String appId = defaultAppId();
		FunctionRegistry registry = new FunctionRegistry(appId, List.of());
		for (String function : List.of("process-video", "generate-clips", "clip-export", "delete-video")) {
			assertThat(this.guide).contains("`" + registry.compositeId(function) + "`");
		}
		assertThat(this.guide).contains("`INNGEST_APP_ID`").contains("`" + appId + "`");
	}

	@Test
	void railwayHasOneConfigFileWithTheHealthCheckTheGuideNames() {
		assertThat(Path.of("railway.json")).doesNotExist();
		String railway = read(Path.of("railway.toml"));
		assertThat(railway).contains("healthcheckPath = \"/api/health\"").contains("drainingSeconds = 40");
		assertThat(this.guide).contains("`healthcheckPath = \"/api/health\"`").contains("`drainingSeconds = 40`");
	}

	@Test
	void linksIntoTheGuideLeadToItsHeadings() {
		Set<String> anchors = new LinkedHashSet<>();
		this.guide.lines()
			.filter((line) -> line.startsWith("#"))
			.forEach((line) -> anchors.add(slug(line.replaceFirst("^#+ ", ""))));
		Matcher inGuide = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(this.guide);
		int links = 0;
		while (inGuide.find()) {
			assertThat(anchors).as("the guide's link #%s", inGuide.group(1)).contains(inGuide.group(1));
			links++;
		}
		String readme = read(Path.of("README.md"));
		assertThat(readme).contains("## For the web app").contains("(docs/web-app.md)");
		Matcher fromReadme = Pattern.compile("\\]\\(docs/web-app\\.md#([^)]+)\\)").matcher(readme);
		while (fromReadme.find()) {
			assertThat(anchors).as("the README's link #%s", fromReadme.group(1)).contains(fromReadme.group(1));
			links++;
		}
		assertThat(links).isGreaterThan(10);
	}

	/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
	static String slug(String heading) {
		return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
	}

	@Test
	void slugsFollowGitHub() {
		assertThat(slug("Row-level security for the web app's users"))
			.isEqualTo("row-level-security-for-the-web-apps-users");
		assertThat(slug("8. Bind 0.0.0.0 on `PORT`")).isEqualTo("8-bind-0000-on-port");
		assertThat(slug("Getting media: presigned links")).isEqualTo("getting-media-presigned-links");
	}

	private List<String> union(String type) {
		Matcher declaration = Pattern.compile("export type " + type + " = ([^;]+);").matcher(this.guide);
		assertThat(declaration.find()).as("type %s in the guide", type).isTrue();
		return Arrays.stream(declaration.group(1).split("\\|")).map((part) -> part.strip().replace("\"", "")).toList();
	}

	private List<String> sqlList(String column) {
		Matcher list = Pattern.compile("\\b" + column + " in \\(([^)]+)\\)").matcher(this.guide);
		assertThat(list.find()).as("%s in (...) in the policies", column).isTrue();
		return Arrays.stream(list.group(1).split(",")).map((part) -> part.strip().replace("'", "")).toList();
	}

	private String section(String heading) {
		int start = this.guide.indexOf(heading);
		assertThat(start).as(heading).isNotNegative();
		int end = this.guide.indexOf("\n#", start + heading.length());
		return this.guide.substring(start, (end < 0) ? this.guide.length() : end);
	}

	private static String placeholders(String key) {
		return key.replace(VIDEO.toString(), "{videoId}")
			.replace(CLIP.toString(), "{clipId}")
			.replace(EXPORT.toString(), "{exportId}");
	}

	private static <E> List<String> values(E[] constants, Function<E, String> value) {
		return Arrays.stream(constants).map(value).toList();
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

	private static String defaultAppId() throws NoSuchMethodException {
		Class<?>[] types = Arrays.stream(InngestProperties.class.getRecordComponents())
			.map((component) -> component.getType())
			.toArray(Class<?>[]::new);
		Constructor<InngestProperties> canonical = InngestProperties.class.getDeclaredConstructor(types);
		Parameter appId = canonical.getParameters()[0];
		assertThat(InngestProperties.class.getRecordComponents()[0].getName()).isEqualTo("appId");
		DefaultValue value = appId.getAnnotation(DefaultValue.class);
		assertThat(value).as("@DefaultValue of InngestProperties.appId").isNotNull();
		return value.value()[0];
	}

	private static String read(Path path) {
		try {
			return Files.readString(path, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + path, ex);
		}
	}

}
