package com.clipworker.local.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DemoReportTests {

	private static DemoReport aReport(List<DemoReport.Clip> clips) {
		return new DemoReport("sample.mp4", List.of("75.0 s", "640x360"), "poster.jpg", "storyboard.jpg",
				List.of(new DemoReport.Line(1200, "Welcome back.")), List.of("Transcript from the sidecar sample.srt"),
				clips, List.of(new DemoReport.Step("process-video", "probe", Duration.ofMillis(312), "ok")),
				Duration.ofSeconds(42));
	}

	@Test
	void showsEveryClipWithItsMediaAndScore() {
		String html = aReport(
				List.of(new DemoReport.Clip("Why it works", "Here is the trick", 87, "strong hook", 12_000, 41_500,
						"clips/1/preview.mp4", "clips/1/poster.jpg", "exports/1/final.mp4", "exports/1/poster.jpg")))
			.html();
		assertThat(html).contains("Why it works")
			.contains("<span class=\"score\">87</span>")
			.contains("0:12.0 – 0:41.5")
			.contains("src=\"clips/1/preview.mp4\" poster=\"clips/1/poster.jpg\"")
			.contains("src=\"exports/1/final.mp4\" poster=\"exports/1/poster.jpg\"")
			.contains("<img src=\"storyboard.jpg\"")
			.contains("<td class=\"num\">0.3 s</td>")
			.contains("pipeline 42.0 s");
	}

	@Test
	void escapesEveryTextFromThePipeline() {
		String html = aReport(List.of(new DemoReport.Clip("<script>alert(1)</script>", "\"quoted\" & <b>", 50,
				"</style>", 0, 1000, null, null, null, null)))
			.html();
		assertThat(html).doesNotContain("<script>alert").doesNotContain("<b>").contains("&lt;script&gt;");
		assertThat(html.indexOf("</style>")).isEqualTo(html.lastIndexOf("</style>"));
	}

	@Test
	void saysSoWhenThereAreNoClipsOrTranscript() {
		DemoReport report = new DemoReport("x.mp4", List.of(), null, null, List.of(), List.of(), List.of(), List.of(),
				Duration.ZERO);
		assertThat(report.html()).contains("No clips were picked.").contains("No transcript.");
	}

	@Test
	void writesThePageIntoItsFolder(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("out/report.html");
		aReport(List.of()).writeTo(file);
		assertThat(Files.readString(file)).startsWith("<!doctype html>");
	}

}
