package com.clipworker.events;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Every payload validates field by field, names the bad field and never the bad value,
 * and is non-retriable; hostile strings never get through or escape into the message.
 */
class EventValidationTests {

	private static final String VIDEO = "6f1c2a1e-3b4d-4c5e-8f90-1a2b3c4d5e6f";

	private static final String OWNER = "0b7e2c1a-9d8f-4e6a-b5c4-d3e2f1a0b9c8";

	private static final String EXPORT = "11111111-2222-4333-8444-555555555555";

	private static final String CLIP = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void validPayloadsPass() {
		List<Event> events = List.of(new VideoUploaded(VIDEO, OWNER, null),
				new VideoUploaded(VIDEO, OWNER, "https://cdn.example.com/talks/keynote.mp4?sig=abc"),
				new VideoReprocessRequested(VIDEO, OWNER), new VideoProcessed(VIDEO, OWNER, 1),
				new ClipExportRequested(EXPORT, OWNER), new VideoDeleted(VIDEO, OWNER),
				new ClipsGenerated(VIDEO, OWNER, 2, List.of(CLIP, EXPORT)),
				new ClipsGenerated(VIDEO, OWNER, 2, List.of()),
				new ClipExported(EXPORT, CLIP, OWNER, "exports/" + EXPORT + "/final.mp4"));
		for (Event event : events) {
			assertThatNoException().as(event.toString()).isThrownBy(event::validate);
		}
		assertThat(events).extracting(Event::eventName)
			.containsExactly("video/uploaded", "video/uploaded", "video/reprocess.requested", "video/processed",
					"clip/export.requested", "video/deleted", "clips/generated", "clips/generated", "clip/exported");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "not-a-uuid", "6F1C2A1E-3B4D-4C5E-8F90-1A2B3C4D5E6F",
			"6f1c2a1e-3b4d-4c5e-8f90-1a2b3c4d5e6f ", "../../etc/passwd", "6f1c2a1e/3b4d-4c5e-8f90-1a2b3c4d5e6f",
			"6f1c2a1e-3b4d-4c5e-8f90-1a2b3c4d5e6f\n", "６f1c2a1e-3b4d-4c5e-8f90-1a2b3c4d5e6f",
			"6f1c2a1e-3b4d-4c5e-8f90-1a2b3c4d5e6f\u200b", "6f1c2a1e3b4d4c5e8f901a2b3c4d5e6f",
			"{6f1c2a1e-3b4d-4c5e-8f90-1a2b3c4d5e6f}" })
	void idsMustBeLowerCaseUuids(String id) {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new VideoUploaded(id, OWNER, null).validate())
			.withMessage("video/uploaded: videoId must be a lower-case UUID")
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("videoId"))
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new ClipExported(EXPORT, CLIP, id, "exports/x/final.mp4").validate())
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("ownerId"));
	}

	@Test
	void missingFieldsAreNamed() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new VideoDeleted(VIDEO, null).validate())
			.withMessage("video/deleted: ownerId is missing");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new ClipsGenerated(VIDEO, OWNER, 1, null).validate())
			.withMessage("clips/generated: clipIds is missing");
	}

	@ParameterizedTest
	@ValueSource(strings = { "file:///etc/passwd", "ftp://example.com/a.mp4", "javascript:alert(1)", "//example.com/a",
			"https://", "https://exa mple.com/", "https://bücher.example/", "http://example.com/\u0000", "gopher://x" })
	void sourceUrlMustBeHttp(String url) {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new VideoUploaded(VIDEO, OWNER, url).validate())
			.withMessage("video/uploaded: sourceUrl must be an http or https URL of printable ASCII");
	}

	@Test
	void sourceUrlIsAtMost2048Characters() {
		String prefix = "https://example.com/";
		new VideoUploaded(VIDEO, OWNER, prefix + "a".repeat(2048 - prefix.length())).validate();
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new VideoUploaded(VIDEO, OWNER, prefix + "a".repeat(2049 - prefix.length())).validate())
			.withMessage("video/uploaded: sourceUrl must be at most 2048 characters");
	}

	@Test
	void generationsArePositive() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new VideoProcessed(VIDEO, OWNER, 0).validate())
			.withMessage("video/processed: generation must be a positive integer");
	}

	@Test
	void clipIdListsHoldDistinctUuids() {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new ClipsGenerated(VIDEO, OWNER, 1, List.of(CLIP, CLIP)).validate())
			.withMessage("clips/generated: clipIds must not repeat an id");
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new ClipsGenerated(VIDEO, OWNER, 1, Arrays.asList(CLIP, null)).validate())
			.withMessage("clips/generated: clipIds [1] must be a lower-case UUID");
		List<String> many = new ArrayList<>();
		for (int i = 0; i < FieldKind.MAX_ITEMS + 1; i++) {
			many.add(String.format("00000000-0000-4000-8000-%012d", i));
		}
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new ClipsGenerated(VIDEO, OWNER, 1, many).validate())
			.withMessage("clips/generated: clipIds must hold at most 200 ids");
	}

	@ParameterizedTest
	@ValueSource(strings = { "../exports/x", "/exports/x/final.mp4", "exports//final.mp4", "exports/X/final.mp4",
			"exports\\x", "exports/%2e%2e/x", "" })
	void outputKeysAreSafe(String key) {
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new ClipExported(EXPORT, CLIP, OWNER, key).validate())
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo("outputKey"));
	}

	@Property(tries = 500)
	void hostileStringsNeverPassAsIdsAndNeverEchoInMessages(@ForAll String hostile) {
		String value = "HOSTILE:" + hostile;
		assertThatExceptionOfType(InvalidEventException.class)
			.isThrownBy(() -> new ClipExportRequested(value, OWNER).validate())
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(value));
	}

	@Test
	void payloadsRoundTripThroughJackson() {
		VideoUploaded uploaded = this.mapper.readValue("{\"videoId\":\"" + VIDEO + "\",\"ownerId\":\"" + OWNER
				+ "\",\"sourceUrl\":\"https://a.example/v.mp4\"}", VideoUploaded.class);
		assertThat(uploaded).isEqualTo(new VideoUploaded(VIDEO, OWNER, "https://a.example/v.mp4"));
		ClipsGenerated generated = new ClipsGenerated(VIDEO, OWNER, 3, List.of(CLIP));
		String json = this.mapper.writeValueAsString(generated);
		assertThat(json).isEqualTo("{\"videoId\":\"" + VIDEO + "\",\"ownerId\":\"" + OWNER
				+ "\",\"generation\":3,\"clipIds\":[\"" + CLIP + "\"]}");
		assertThat(this.mapper.readValue(json, ClipsGenerated.class)).isEqualTo(generated);
	}

	@Test
	void presetsAndStylesHaveStableIds() {
		assertThat(ExportPreset.ids()).containsExactly("vertical", "square", "landscape");
		assertThat(ExportPreset.fromId("vertical")).satisfies((preset) -> {
			assertThat(preset.aspect()).isEqualTo("9:16");
			assertThat(preset.width()).isEqualTo(1080);
			assertThat(preset.height()).isEqualTo(1920);
		});
		assertThat(ExportPreset.fromId("square").width()).isEqualTo(ExportPreset.fromId("square").height());
		assertThat(ExportPreset.fromId("landscape").aspect()).isEqualTo("16:9");
		assertThat(CaptionStyle.ids()).containsExactly("bold-pop", "karaoke", "subtitle-bar", "none");
		assertThat(this.mapper.writeValueAsString(CaptionStyle.BOLD_POP)).isEqualTo("\"bold-pop\"");
		assertThat(this.mapper.readValue("\"subtitle-bar\"", CaptionStyle.class)).isEqualTo(CaptionStyle.SUBTITLE_BAR);
		assertThatExceptionOfType(UnknownIdentifierException.class).isThrownBy(() -> ExportPreset.fromId("portrait"))
			.withMessage("unknown export preset 'portrait' (known: vertical, square, landscape)")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		assertThatExceptionOfType(UnknownIdentifierException.class).isThrownBy(() -> CaptionStyle.fromId("BOLD-POP"));
	}

	@Test
	void catalogCoversEveryPayloadOnce() {
		List<Class<?>> payloads = EventCatalog.EVENTS.stream().<Class<?>>map(EventDefinition::payload).toList();
		assertThat(payloads).doesNotHaveDuplicates().containsExactlyInAnyOrder(Event.class.getPermittedSubclasses());
		assertThat(EventCatalog.byName("video/deleted").payload()).isEqualTo(VideoDeleted.class);
		assertThatExceptionOfType(UnknownIdentifierException.class).isThrownBy(() -> EventCatalog.byName("video/x"));
	}

}
