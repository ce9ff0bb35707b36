package com.clipworker.ai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Turns SRT and WebVTT subtitles into a {@link Transcript}: one segment per cue, the
 * cue's words with times spread over the cue in proportion to their length in characters.
 * Accepts a byte-order mark, CRLF or CR line ends, cue settings, formatting and voice
 * tags (removed), SRT's {@code {\an8}} style overrides (removed) and overlapping cues (a
 * cue that overlaps the next is cut where the next starts, so word times never run
 * backwards). Needs no key and calls no API.
 */
public final class SubtitleParser {

	private static final Pattern SRT_TIMING = Pattern
		.compile("^\\s*(\\d{1,3}:\\d{1,2}:\\d{1,2}[,.]\\d{1,3})\\s*-->\\s*(\\d{1,3}:\\d{1,2}:\\d{1,2}[,.]\\d{1,3}).*$");

	private static final Pattern VTT_TIMING = Pattern.compile(
			"^\\s*((?:\\d{1,3}:)?\\d{1,2}:\\d{1,2}\\.\\d{1,3})\\s*-->\\s*((?:\\d{1,3}:)?\\d{1,2}:\\d{1,2}\\.\\d{1,3})(?:\\s+.*)?$");

	private static final Pattern TAG = Pattern.compile("<[^>]*>|\\{\\\\[^}]*}");

	private static final Pattern LANGUAGE_HEADER = Pattern.compile("^Language:\\s*([A-Za-z]{2,3})(?:[-_].*)?$",
			Pattern.CASE_INSENSITIVE);

	private SubtitleParser() {
	}

	/**
	 * Parses a subtitle file, telling SRT from WebVTT by its content.
	 * @param file the file (UTF-8)
	 * @param language the language when the caller knows it (from the stream's metadata),
	 * else {@code null}
	 * @return the transcript
	 * @throws SubtitleFormatException when the file is neither valid SRT nor WebVTT
	 */
	public static Transcript parse(Path file, @Nullable String language) {
		try {
			return parse(Files.readString(file, StandardCharsets.UTF_8), language);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read subtitles " + file.getFileName(), ex);
		}
	}

	/**
	 * Parses subtitles, telling SRT from WebVTT by the {@code WEBVTT} header.
	 * @param content the file's text
	 * @param language the language when known, else {@code null}
	 * @return the transcript
	 * @throws SubtitleFormatException when the text is neither valid SRT nor WebVTT
	 */
	public static Transcript parse(String content, @Nullable String language) {
		List<String> lines = lines(content);
		boolean vtt = !lines.isEmpty() && lines.get(0).startsWith("WEBVTT");
		return vtt ? parseVtt(lines, language) : parseSrt(lines, language);
	}

	private static List<String> lines(String content) {
		String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
		return List.of(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
	}

	private static Transcript parseSrt(List<String> lines, @Nullable String language) {
		List<Cue> cues = new ArrayList<>();
		int i = 0;
		while (i < lines.size()) {
			if (lines.get(i).isBlank()) {
				i++;
				continue;
			}
			int timingLine = i;
			if (!lines.get(i).contains("-->")) {
				timingLine = i + 1;
			}
			if (timingLine >= lines.size()) {
				throw new SubtitleFormatException("SRT", i + 1, "a cue number with no timing line after it");
			}
			Matcher timing = SRT_TIMING.matcher(lines.get(timingLine));
			if (!timing.matches()) {
				throw new SubtitleFormatException("SRT", timingLine + 1,
						"expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm', found '" + abbreviate(lines.get(timingLine)) + "'");
			}
			long start = time(timing.group(1), "SRT", timingLine + 1);
			long end = time(timing.group(2), "SRT", timingLine + 1);
			i = timingLine + 1;
			StringBuilder text = new StringBuilder();
			while (i < lines.size() && !lines.get(i).isBlank()) {
				text.append(lines.get(i)).append('\n');
				i++;
			}
			cues.add(cue(start, end, text.toString(), "SRT", timingLine + 1));
		}
		if (cues.isEmpty()) {
			throw new SubtitleFormatException("SRT", 1, "no cues found");
		}
		return transcript(cues, language);
	}

	private static Transcript parseVtt(List<String> lines, @Nullable String language) {
		String header = lines.get(0);
		if (!header.equals("WEBVTT") && !header.startsWith("WEBVTT ") && !header.startsWith("WEBVTT\t")) {
			throw new SubtitleFormatException("WebVTT", 1, "the first line must be 'WEBVTT'");
		}
		String detected = language;
		int i = 1;
		while (i < lines.size() && !lines.get(i).isBlank()) {
			Matcher matcher = LANGUAGE_HEADER.matcher(lines.get(i).trim());
			if (detected == null && matcher.matches()) {
				detected = matcher.group(1).toLowerCase(Locale.ROOT);
			}
			i++;
		}
		List<Cue> cues = new ArrayList<>();
		while (i < lines.size()) {
			String line = lines.get(i);
			if (line.isBlank()) {
				i++;
				continue;
			}
			if (line.startsWith("NOTE") || line.startsWith("STYLE") || line.startsWith("REGION")) {
				while (i < lines.size() && !lines.get(i).isBlank()) {
					i++;
				}
				continue;
			}
			int timingLine = line.contains("-->") ? i : i + 1;
			if (timingLine >= lines.size()) {
				throw new SubtitleFormatException("WebVTT", i + 1, "a cue identifier with no timing line after it");
			}
			Matcher timing = VTT_TIMING.matcher(lines.get(timingLine));
			if (!timing.matches()) {
				throw new SubtitleFormatException("WebVTT", timingLine + 1,
						"expected '[hh:]mm:ss.mmm --> [hh:]mm:ss.mmm [settings]', found '"
								+ abbreviate(lines.get(timingLine)) + "'");
			}
			long start = time(timing.group(1), "WebVTT", timingLine + 1);
			long end = time(timing.group(2), "WebVTT", timingLine + 1);
			i = timingLine + 1;
			StringBuilder text = new StringBuilder();
			while (i < lines.size() && !lines.get(i).isBlank()) {
				text.append(lines.get(i)).append('\n');
				i++;
			}
			cues.add(cue(start, end, text.toString(), "WebVTT", timingLine + 1));
		}
		return transcript(cues, detected);
	}

	private static Cue cue(long start, long end, String rawText, String format, int line) {
		if (end < start) {
			throw new SubtitleFormatException(format, line, "the cue ends before it starts");
		}
		String text = TAG.matcher(rawText)
			.replaceAll("")
			.replace("&amp;", "&")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&nbsp;", " ")
			.replace("&lrm;", "")
			.replace("&rlm;", "");
		return new Cue(start, end, String.join(" ", words(text)));
	}

	private static List<String> words(String text) {
		List<String> words = new ArrayList<>();
		for (String word : text.strip().split("\\s+")) {
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words;
	}

	private static Transcript transcript(List<Cue> parsed, @Nullable String language) {
		List<Cue> cues = parsed.stream()
			.filter((cue) -> !cue.text().isEmpty())
			.sorted(Comparator.comparingLong(Cue::start).thenComparingLong(Cue::end))
			.toList();
		List<Segment> segments = new ArrayList<>();
		List<Word> words = new ArrayList<>();
		for (int c = 0; c < cues.size(); c++) {
			Cue cue = cues.get(c);
			long end = cue.end();
			if (c + 1 < cues.size() && cues.get(c + 1).start() < end && cues.get(c + 1).start() > cue.start()) {
				end = cues.get(c + 1).start();
			}
			segments.add(new Segment(cue.text(), cue.start(), end));
			words.addAll(spread(cue.text(), cue.start(), end));
		}
		return new Transcript(language, segments, words);
	}

	/**
	 * The words of a cue, each given a share of the cue's time proportional to its length
	 * in characters, with one character's share for each space between words; the first
	 * word starts with the cue and the last ends with it.
	 */
	static List<Word> spread(String text, long start, long end) {
		List<String> tokens = words(text);
		long weightTotal = tokens.size() - 1;
		for (String token : tokens) {
			weightTotal += token.codePointCount(0, token.length());
		}
		List<Word> words = new ArrayList<>();
		long weightBefore = 0;
		long duration = end - start;
		for (String token : tokens) {
			long weight = token.codePointCount(0, token.length());
			long wordStart = start + duration * weightBefore / Math.max(1, weightTotal);
			long wordEnd = start + duration * (weightBefore + weight) / Math.max(1, weightTotal);
			weightBefore += weight + 1;
			words.add(new Word(token, wordStart, Math.max(wordStart, wordEnd)));
		}
		return words;
	}

	private static long time(String value, String format, int line) {
		String[] parts = value.replace(',', '.').split("[:.]");
		long hours = 0;
		int p = 0;
		if (parts.length == 4) {
			hours = Long.parseLong(parts[p++]);
		}
		long minutes = Long.parseLong(parts[p++]);
		long seconds = Long.parseLong(parts[p++]);
		String fraction = parts[p];
		long millis = Long.parseLong((fraction + "00").substring(0, 3));
		if (minutes > 59 || seconds > 59) {
			throw new SubtitleFormatException(format, line, "minutes and seconds must be below 60 in '" + value + "'");
		}
		return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
	}

	private static String abbreviate(String line) {
		return (line.length() > 60) ? line.substring(0, 60) + "..." : line;
	}

	private record Cue(long start, long end, String text) {
	}

}
