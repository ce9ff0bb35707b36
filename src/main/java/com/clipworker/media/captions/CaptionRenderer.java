package com.clipworker.media.captions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.clipworker.media.ProcessKind;
import com.clipworker.media.ProcessRunner;
import com.clipworker.media.TimedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders caption states to transparent PNGs of the caption band, one screenshot per
 * distinct state (a state shown twice is rendered once). The page is a fixed template per
 * style with a strict Content-Security-Policy and no script of its own; the words reach
 * it as JSON data and are placed with {@code textContent}, never parsed as HTML. Lines
 * carry {@code dir="auto"} so right-to-left text lays out correctly.
 */
public final class CaptionRenderer {

	private static final Logger logger = LoggerFactory.getLogger(CaptionRenderer.class);

	private static final String FONTS = "'Noto Sans','Noto Sans CJK SC','Noto Sans CJK JP','Noto Sans CJK KR',"
			+ "'Noto Sans Arabic','Noto Sans Hebrew','Noto Sans Devanagari','Noto Sans Thai','Noto Color Emoji',sans-serif";

	private static final String RENDER = """
			(s) => {
			  const band = document.getElementById('band');
			  band.replaceChildren();
			  let i = 0;
			  for (const words of s.lines) {
			    const line = document.createElement('div');
			    line.className = 'line';
			    line.dir = 'auto';
			    words.forEach((w, k) => {
			      if (k > 0) line.appendChild(document.createTextNode(' '));
			      const span = document.createElement('span');
			      span.className = 'word' + (i < s.active ? ' spoken' : '') + (i === s.active ? ' active' : '');
			      span.textContent = w;
			      line.appendChild(span);
			      i++;
			    });
			    band.appendChild(line);
			  }
			  return document.fonts.ready.then(() => band.childElementCount);
			}""";

	private final Chromium chromium;

	private final ProcessRunner runner;

	private final JsonMapper mapper = JsonMapper.builder().build();

	public CaptionRenderer(Chromium chromium, ProcessRunner runner) {
		this.chromium = chromium;
		this.runner = runner;
	}

	/**
	 * Renders the states of one clip under one browser slot.
	 * @param states states from {@link CaptionLayout#states}
	 * @param style the caption style
	 * @param band the band size (from {@link CaptionStyle#band})
	 * @param directory the job directory the PNGs go into
	 * @return one timed image per state, in order (states that look alike share a file)
	 */
	public List<TimedImage> render(List<CaptionState> states, CaptionStyle style, CaptionStyle.Band band,
			Path directory) {
		List<TimedImage> images = new ArrayList<>();
		Map<String, Path> rendered = new HashMap<>();
		long started = System.nanoTime();
		try (ProcessRunner.Slot slot = this.runner.acquire(ProcessKind.BROWSER)) {
			long acquired = System.nanoTime();
			this.chromium.load(template(style, band), band.width(), band.height());
			long loaded = System.nanoTime();
			for (CaptionState state : states) {
				Path png = rendered.get(state.visualKey());
				if (png == null) {
					png = directory.resolve(String.format(Locale.ROOT, "caption-%04d.png", rendered.size()));
					renderState(state, band, png);
					rendered.put(state.visualKey(), png);
				}
				images.add(new TimedImage(png, state.startMs(), state.endMs()));
			}
			long done = System.nanoTime();
			logger.info(
					"Rendered {} caption states ({} distinct, {}x{}) in {} ms: browser slot {} ms, page load {} ms, states {} ms",
					states.size(), rendered.size(), band.width(), band.height(), millis(done - started),
					millis(acquired - started), millis(loaded - acquired), millis(done - loaded));
		}
		catch (RuntimeException ex) {
			rendered.values().forEach((png) -> png.toFile().delete());
			throw ex;
		}
		return List.copyOf(images);
	}

	private static long millis(long nanos) {
		return nanos / 1_000_000;
	}

	/**
	 * Renders one state into the page loaded by {@link #render}; used by benchmarks too.
	 */
	void renderState(CaptionState state, CaptionStyle.Band band, Path png) {
		ObjectNode data = this.mapper.createObjectNode();
		ArrayNode lines = data.putArray("lines");
		for (List<String> line : state.lines()) {
			ArrayNode words = lines.addArray();
			line.forEach(words::add);
		}
		data.put("active", state.activeWord());
		this.chromium.evaluate("(" + RENDER + ")(" + this.mapper.writeValueAsString(data) + ")");
		this.chromium.screenshot(band.width(), band.height(), png);
	}

	void load(CaptionStyle style, CaptionStyle.Band band) {
		this.chromium.load(template(style, band), band.width(), band.height());
	}

	static String template(CaptionStyle style, CaptionStyle.Band band) {
		int fontSize = (int) Math.min(band.width() * 0.065, band.height() * 0.3);
		return """
				<!doctype html><html><head><meta charset="utf-8">
				<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
				<style>
				html,body{margin:0;padding:0;background:transparent;overflow:hidden;width:%dpx;height:%dpx}
				#band{position:absolute;inset:0;display:flex;flex-direction:column;align-items:center;justify-content:center;
				box-sizing:border-box;padding:0 4%%;font-family:%s;font-size:%dpx;line-height:1.25}
				.line{unicode-bidi:plaintext;text-align:center;white-space:nowrap}
				%s
				</style></head><body><div id="band"></div></body></html>
				"""
			.formatted(band.width(), band.height(), FONTS, fontSize, style.css());
	}

}
