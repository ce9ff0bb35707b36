package com.clipworker.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed {@code contract/} equals what the records render now, and what they
 * render says what the web app needs.
 */
class ContractExporterTests {

	private static final Path CONTRACT = Path.of("contract");

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void committedContractIsCurrent() throws IOException {
		SortedMap<String, String> rendered = ContractExporter.render();
		List<String> committed;
		try (Stream<Path> files = Files.walk(CONTRACT)) {
			committed = files.filter(Files::isRegularFile)
				.map((file) -> ContractExporter.relative(CONTRACT, file))
				.sorted()
				.toList();
		}
		assertThat(committed).as("files in contract/ (stale: run scripts/export-contract and commit the result)")
			.containsExactlyElementsOf(rendered.keySet());
		for (Map.Entry<String, String> file : rendered.entrySet()) {
			assertThat(Files.readString(CONTRACT.resolve(file.getKey()), StandardCharsets.UTF_8))
				.as("contract/%s is stale: run scripts/export-contract and commit the result", file.getKey())
				.isEqualTo(file.getValue());
		}
	}

	@Test
	void writeReplacesStaleFiles(@TempDir Path dir) throws IOException {
		Files.createDirectories(dir.resolve("schema"));
		Files.writeString(dir.resolve("schema/removed-event.schema.json"), "{}");
		Files.writeString(dir.resolve("events.ts"), "stale");
		ContractExporter.write(dir);
		assertThat(dir.resolve("schema/removed-event.schema.json")).doesNotExist();
		assertThat(dir.resolve("events.ts")).content().isEqualTo(ContractExporter.render().get("events.ts"));
	}

	@Test
	void eventSchemasFollowTheRecords() {
		SortedMap<String, String> files = ContractExporter.render();
		assertThat(files).containsKeys("schema/video-uploaded.schema.json",
				"schema/video-reprocess-requested.schema.json", "schema/video-processed.schema.json",
				"schema/clip-export-requested.schema.json", "schema/video-deleted.schema.json",
				"schema/clips-generated.schema.json", "schema/clip-exported.schema.json",
				"schema/export-preset.schema.json", "schema/caption-style.schema.json", "events.ts", "inngest.ts");
		JsonNode uploaded = this.mapper.readTree(files.get("schema/video-uploaded.schema.json"));
		assertThat(uploaded.get("title").asString()).isEqualTo("video/uploaded");
		assertThat(uploaded.get("required").valueStream().map(JsonNode::asString)).containsExactly("videoId",
				"ownerId");
		assertThat(uploaded.get("properties").get("videoId").get("format").asString()).isEqualTo("uuid");
		assertThat(uploaded.get("properties").get("sourceUrl").get("maxLength").asInt()).isEqualTo(2048);
		assertThat(uploaded.get("additionalProperties").asBoolean()).isFalse();
		JsonNode generated = this.mapper.readTree(files.get("schema/clips-generated.schema.json"));
		assertThat(generated.get("properties").get("generation").get("type").asString()).isEqualTo("integer");
		assertThat(generated.get("properties").get("clipIds").get("items").get("pattern").asString())
			.isEqualTo(FieldKind.UUID.pattern());
		JsonNode presets = this.mapper.readTree(files.get("schema/export-preset.schema.json"));
		assertThat(presets.get("enum").valueStream().map(JsonNode::asString)).containsExactly("vertical", "square",
				"landscape");
	}

	@Test
	void typeScriptCarriesTypesIdsAndSchemas() {
		SortedMap<String, String> files = ContractExporter.render();
		String events = files.get("events.ts");
		assertThat(events).contains("export interface VideoUploaded {")
			.contains("  sourceUrl?: string;")
			.contains("  clipIds: string[];")
			.contains("  generation: number;")
			.contains("vertical: { aspect: \"9:16\", width: 1080, height: 1920")
			.contains("square: { aspect: \"1:1\", width: 1080, height: 1080")
			.contains("landscape: { aspect: \"16:9\", width: 1920, height: 1080")
			.contains("\"bold-pop\": { description:")
			.contains("\"subtitle-bar\": { description:")
			.contains("\"video/reprocess.requested\": { data: VideoReprocessRequested };")
			.contains("\"video/uploaded\": (data: VideoUploaded): string => `video-uploaded-${data.videoId}`")
			.contains("(data: VideoReprocessRequested, generation: number): string => "
					+ "`video-reprocess-${data.videoId}-${generation}`");
		assertThat(files.get("inngest.ts"))
			.contains("export const clipworkerSchemas = new EventSchemas().fromRecord<ClipworkerEvents>();");
	}

	@Test
	void slugsAreFileNames() {
		assertThat(ContractExporter.slug("video/reprocess.requested")).isEqualTo("video-reprocess-requested");
	}

}
