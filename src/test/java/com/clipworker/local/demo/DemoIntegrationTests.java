package com.clipworker.local.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.clipworker.scripts.TalkSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command, minus the build: a generated talk with its sidecar through
 * the whole pipeline on the embedded defaults, ending in a report whose every link points
 * at a file that exists.
 */
class DemoIntegrationTests {

	@TempDir
	Path out;

	@Test
	void aSampleBecomesAReportWithClipsAndACaptionedExport() throws Exception {
		Path sample = TalkSample.make(40);
		ByteArrayOutputStream terminal = new ByteArrayOutputStream();
		Path data = Path.of("target", "demo-test", UUID.randomUUID().toString());
		int code = new Demo(new PrintStream(terminal, true, StandardCharsets.UTF_8), sample.resolve("sample.mp4"),
				this.out, 1)
			.run(List.of("--server.port=0", "--clipworker.data-dir=" + data,
					"--clipworker.media.work-dir=" + data.resolve("media"),
					"--clipworker.media.export.vertical=270x480", "--clipworker.ai.picking.count=2",
					"--clipworker.ai.picking.min-duration=6s", "--clipworker.ai.picking.max-duration=15s"));
		String printed = terminal.toString(StandardCharsets.UTF_8);
		assertThat(code).as(printed).isZero();
		assertThat(printed).contains("Captions from sample.srt")
			.contains("✓ process-video")
			.contains("✓ generate-clips")
			.contains("✓ clip-export")
			.contains("Report: " + this.out.resolve("report.html"));
		String html = Files.readString(this.out.resolve("report.html"));
		assertThat(html).contains("Transcript from: sidecar").contains("Captioned export");
		List<String> links = java.util.regex.Pattern.compile("(?:src|poster)=\"([^\"]+)\"")
			.matcher(html)
			.results()
			.map((match) -> match.group(1))
			.toList();
		assertThat(links).contains("poster.jpg", "storyboard.jpg", "clips/1/preview.mp4", "clips/1/export-karaoke.mp4",
				"clips/1/export-poster.jpg");
		assertThat(links).allSatisfy((link) -> assertThat(this.out.resolve(link)).isNotEmptyFile());
	}

}
