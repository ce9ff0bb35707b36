package com.clipworker.local.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.HtmlUtils;

/**
 * What the demo shows at the end, and its rendering as one self-contained HTML page.
 * Media paths are relative to the page, so the {@code out/} folder can be opened or
 * copied anywhere.
 *
 * @param title the page title (the source file's name)
 * @param source facts about the source (duration, size, codecs), one line each
 * @param poster the poster image, or {@code null}
 * @param storyboard the storyboard sprite, or {@code null}
 * @param transcript the transcript lines with their times
 * @param notes things the reader should know (no transcript source, a fallback that was
 * used)
 * @param clips the picked clips, best first
 * @param steps every step that ran, in order, with its time
 * @param total the wall time of the whole pipeline
 */
public record DemoReport(String title, List<String> source, @Nullable String poster, @Nullable String storyboard,
		List<Line> transcript, List<String> notes, List<Clip> clips, List<Step> steps, Duration total) {

	/**
	 * One transcript line.
	 *
	 * @param startMs where it starts
	 * @param text what is said
	 */
	public record Line(long startMs, String text) {
	}

	/**
	 * One picked clip.
	 *
	 * @param title the clip's title
	 * @param hook the opening line that hooks a viewer
	 * @param score 0 to 100
	 * @param reason why it was picked
	 * @param startMs start in the source
	 * @param endMs end in the source
	 * @param preview the preview video, or {@code null}
	 * @param previewPoster the preview's poster, or {@code null}
	 * @param export the captioned export, or {@code null} when the clip was not exported
	 * @param exportPoster a frame of the export with its captions, or {@code null}
	 */
	public record Clip(String title, String hook, int score, String reason, long startMs, long endMs,
			@Nullable String preview, @Nullable String previewPoster, @Nullable String export,
			@Nullable String exportPoster) {
	}

	/**
	 * One step that ran.
	 *
	 * @param function the function id
	 * @param step the step name
	 * @param duration how long the step took, attempts included
	 * @param outcome {@code ok}, or what went wrong
	 */
	public record Step(String function, String step, Duration duration, String outcome) {
	}

	/**
	 * Writes the page.
	 * @param file where to write it (its folder holds the media)
	 * @throws IOException when it cannot be written
	 */
	public void writeTo(Path file) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, html());
	}

	/** The page as HTML. Every text comes from the pipeline, so every text is escaped. */
	public String html() {
		StringBuilder html = new StringBuilder(16384);
		html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.append("<title>")
			.append(esc(this.title))
			.append(" · Clipworker</title><style>")
			.append(STYLE)
			.append("</style></head><body>\n<header><h1>")
			.append(esc(this.title))
			.append("</h1><p class=\"facts\">");
		this.source.forEach((fact) -> html.append("<span>").append(esc(fact)).append("</span>"));
		html.append("<span>pipeline ").append(seconds(this.total)).append("</span></p></header>\n");
		this.notes.forEach((note) -> html.append("<p class=\"note\">").append(esc(note)).append("</p>\n"));
		html.append("<section class=\"media\">");
		if (this.poster != null) {
			html.append("<figure><img src=\"")
				.append(esc(this.poster))
				.append("\" alt=\"poster\"><figcaption>Poster</figcaption></figure>");
		}
		if (this.storyboard != null) {
			html.append("<figure class=\"wide\"><img src=\"")
				.append(esc(this.storyboard))
				.append("\" alt=\"storyboard\"><figcaption>Storyboard</figcaption></figure>");
		}
		html.append("</section>\n<h2>Clips</h2>\n<section class=\"clips\">");
		if (this.clips.isEmpty()) {
			html.append("<p>No clips were picked.</p>");
		}
		for (Clip clip : this.clips) {
			html.append("<article><h3>")
				.append(esc(clip.title()))
				.append(" <span class=\"score\">")
				.append(clip.score())
				.append("</span></h3><p class=\"when\">")
				.append(clock(clip.startMs()))
				.append(" – ")
				.append(clock(clip.endMs()))
				.append("</p><p class=\"hook\">“")
				.append(esc(clip.hook()))
				.append("”</p><p class=\"reason\">")
				.append(esc(clip.reason()))
				.append("</p><div class=\"videos\">");
			if (clip.preview() != null) {
				html.append("<figure><video controls preload=\"metadata\" src=\"")
					.append(esc(clip.preview()))
					.append('"');
				if (clip.previewPoster() != null) {
					html.append(" poster=\"").append(esc(clip.previewPoster())).append('"');
				}
				html.append("></video><figcaption>Preview</figcaption></figure>");
			}
			if (clip.export() != null) {
				html.append("<figure class=\"vertical\"><video controls preload=\"metadata\" src=\"")
					.append(esc(clip.export()))
					.append('"');
				if (clip.exportPoster() != null) {
					html.append(" poster=\"").append(esc(clip.exportPoster())).append('"');
				}
				html.append("></video><figcaption>Captioned export</figcaption></figure>");
			}
			html.append("</div></article>\n");
		}
		html.append("</section>\n<h2>Transcript</h2>\n<section class=\"transcript\">");
		if (this.transcript.isEmpty()) {
			html.append("<p>No transcript.</p>");
		}
		this.transcript.forEach((line) -> html.append("<p><time>")
			.append(clock(line.startMs()))
			.append("</time> ")
			.append(esc(line.text()))
			.append("</p>"));
		html.append("</section>\n<h2>Steps</h2>\n<table><thead><tr><th>function</th><th>step</th><th>time</th>")
			.append("<th>outcome</th></tr></thead><tbody>");
		this.steps.forEach((step) -> html.append("<tr><td>")
			.append(esc(step.function()))
			.append("</td><td>")
			.append(esc(step.step()))
			.append("</td><td class=\"num\">")
			.append(seconds(step.duration()))
			.append("</td><td>")
			.append(esc(step.outcome()))
			.append("</td></tr>"));
		html.append("</tbody></table>\n</body></html>\n");
		return html.toString();
	}

	private static String esc(String text) {
		return HtmlUtils.htmlEscape(text, "UTF-8");
	}

	static String clock(long ms) {
		long seconds = ms / 1000;
		return String.format(Locale.ROOT, "%d:%02d.%d", seconds / 60, seconds % 60, (ms % 1000) / 100);
	}

	static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

	private static final String STYLE = """
			body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1d1d1f;background:#fafafa}
			h1{margin:0 0 4px}h2{margin-top:36px;border-bottom:1px solid #ddd;padding-bottom:4px}
			.facts span{display:inline-block;margin-right:14px;color:#555}
			.note{background:#fff6d6;border-left:4px solid #e0b000;padding:8px 12px}
			.media{display:flex;gap:16px;flex-wrap:wrap}.media img{max-width:100%;border-radius:6px}
			figure{margin:0}.media figure{flex:1 1 280px}.media figure.wide{flex:2 1 520px}
			figcaption{color:#666;font-size:13px}
			.clips{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:18px}
			article{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
			article h3{margin:0;display:flex;justify-content:space-between;gap:8px}
			.score{background:#1d1d1f;color:#fff;border-radius:12px;padding:0 10px;font-size:14px;height:24px}
			.when{color:#666;margin:2px 0}.hook{font-style:italic}.reason{color:#444;font-size:14px}
			.videos{display:flex;gap:12px;align-items:flex-start}.videos video{width:100%;border-radius:6px;background:#000}
			.videos figure{flex:3}.videos figure.vertical{flex:1.2}
			.transcript p{margin:2px 0}.transcript time{color:#888;font-variant-numeric:tabular-nums;margin-right:6px}
			table{border-collapse:collapse;width:100%;background:#fff}td,th{padding:4px 8px;border-bottom:1px solid #eee;text-align:left}
			td.num{text-align:right;font-variant-numeric:tabular-nums}
			""";

}
