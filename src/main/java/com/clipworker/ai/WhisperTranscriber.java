package com.clipworker.ai;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.util.unit.DataSize;

/**
 * An OpenAI-compatible Whisper client: {@code POST {base}/audio/transcriptions} as
 * {@code multipart/form-data} with {@code response_format=verbose_json} and word and
 * segment timestamps. Serves Groq, OpenAI ({@code whisper-1}) and self-hosted servers
 * that speak the same API. The audio is streamed from the file, never read into memory.
 */
final class WhisperTranscriber implements Transcriber {

	private static final Logger logger = LoggerFactory.getLogger(WhisperTranscriber.class);

	private static final Map<String, String> LANGUAGE_CODES = languageCodes();

	/** Whisper's own flags for a segment that is really silence (openai-node's notes). */
	private static final double NO_SPEECH = 0.6;

	private static final double LOW_LOGPROB = -1.0;

	private final ProviderHttp http;

	private final URI endpoint;

	private final String model;

	private final @Nullable String language;

	private final DataSize maxUpload;

	WhisperTranscriber(ProviderHttp http, String model, @Nullable String language, DataSize maxUpload) {
		this.http = http;
		this.endpoint = http.endpoint("/audio/transcriptions");
		this.model = model;
		this.language = language;
		this.maxUpload = maxUpload;
	}

	@Override
	public String provider() {
		return this.http.provider();
	}

	@Override
	public String model() {
		return this.model;
	}

	@Override
	public Transcript transcribe(AudioChunk chunk) {
		long size = size(chunk);
		if (size > this.maxUpload.toBytes()) {
			throw new AudioTooLargeException(provider(), chunk, size, this.maxUpload);
		}
		String boundary = "clipworker-" + UUID.randomUUID();
		JsonNode answer = this.http.post(this.endpoint, "multipart/form-data; boundary=" + boundary,
				body(chunk, boundary), (status, body) -> {
					if (status == 413) {
						throw new AudioTooLargeException(provider(), chunk, size, null);
					}
				});
		Transcript transcript = read(answer);
		logger.debug("{} transcribed chunk at {} ms: {} words", provider(), chunk.startMs(), transcript.words().size());
		return transcript.shift(chunk.startMs());
	}

	private HttpRequest.BodyPublisher body(AudioChunk chunk, String boundary) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("model", this.model);
		fields.put("response_format", "verbose_json");
		fields.put("temperature", "0");
		if (this.language != null && !this.language.isBlank()) {
			fields.put("language", this.language);
		}
		StringBuilder head = new StringBuilder();
		fields.forEach((name, value) -> field(head, boundary, name, value));
		field(head, boundary, "timestamp_granularities[]", "word");
		field(head, boundary, "timestamp_granularities[]", "segment");
		String fileName = chunk.file().getFileName().toString();
		head.append("--")
			.append(boundary)
			.append("\r\n")
			.append("Content-Disposition: form-data; name=\"file\"; filename=\"")
			.append(fileName.replace("\"", ""))
			.append("\"\r\n")
			.append("Content-Type: ")
			.append(contentType(fileName))
			.append("\r\n\r\n");
		String tail = "\r\n--" + boundary + "--\r\n";
		try {
			return HttpRequest.BodyPublishers.concat(
					HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
					HttpRequest.BodyPublishers.ofFile(chunk.file()),
					HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
		}
		catch (FileNotFoundException ex) {
			throw new AudioChunkUnreadableException(chunk.file(), ex);
		}
	}

	private static void field(StringBuilder body, String boundary, String name, String value) {
		body.append("--")
			.append(boundary)
			.append("\r\n")
			.append("Content-Disposition: form-data; name=\"")
			.append(name)
			.append("\"\r\n\r\n")
			.append(value)
			.append("\r\n");
	}

	private static long size(AudioChunk chunk) {
		try {
			if (!Files.isRegularFile(chunk.file())) {
				throw new NoSuchFileException(chunk.file().toString(), null, "not a regular file");
			}
			return Files.size(chunk.file());
		}
		catch (IOException ex) {
			throw new AudioChunkUnreadableException(chunk.file(), ex);
		}
	}

	private static String contentType(String fileName) {
		String lower = fileName.toLowerCase(Locale.ROOT);
		String extension = lower.substring(lower.lastIndexOf('.') + 1);
		return switch (extension) {
			case "flac" -> "audio/flac";
			case "mp3", "mpga", "mpeg" -> "audio/mpeg";
			case "m4a", "mp4" -> "audio/mp4";
			case "ogg", "opus" -> "audio/ogg";
			case "wav" -> "audio/wav";
			case "webm" -> "audio/webm";
			default -> "application/octet-stream";
		};
	}

	/**
	 * Reads a {@code verbose_json} body into chunk-relative times. Segments that Whisper
	 * itself flags as silence (a high {@code no_speech_prob} with a low
	 * {@code avg_logprob}) are dropped with their words: they are where it hallucinates.
	 */
	Transcript read(JsonNode root) {
		List<Segment> segments = new ArrayList<>();
		List<Interval> silent = new ArrayList<>();
		for (JsonNode segment : root.path("segments")) {
			String text = segment.path("text").asString("").strip();
			long start = millis(segment.path("start"), "segment start");
			long end = Math.max(start, millis(segment.path("end"), "segment end"));
			if (segment.path("no_speech_prob").asDouble(0) > NO_SPEECH
					&& segment.path("avg_logprob").asDouble(0) < LOW_LOGPROB) {
				silent.add(new Interval(start, end));
				logger.debug("{} segment at {} ms looks like silence, dropping '{}'", provider(), start, text);
				continue;
			}
			segments.add(new Segment(text, start, end));
		}
		List<Word> words = new ArrayList<>();
		JsonNode wordNodes = root.path("words");
		if (wordNodes.isArray()) {
			for (JsonNode word : wordNodes) {
				String text = word.path("word").asString("").strip();
				if (text.isEmpty()) {
					continue;
				}
				long start = millis(word.path("start"), "word start");
				long end = Math.max(start, millis(word.path("end"), "word end"));
				long middle = (start + end) / 2;
				boolean inSilence = silent.stream().anyMatch((i) -> i.contains(middle))
						&& segments.stream().noneMatch((kept) -> middle >= kept.startMs() && middle <= kept.endMs());
				if (!inSilence) {
					words.add(new Word(text, start, end));
				}
			}
		}
		else {
			// a server that ignores word granularity: spread words over segments
			for (Segment segment : segments) {
				words.addAll(SubtitleParser.spread(segment.text(), segment.startMs(), segment.endMs()));
			}
		}
		if (!root.has("text") && segments.isEmpty() && words.isEmpty()) {
			throw new ProviderUnavailableException(provider(), "answered without text, segments or words", null, null);
		}
		return new Transcript(languageCode(root.path("language").asString(null)), segments, words);
	}

	private long millis(JsonNode value, String what) {
		if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0) {
			throw new ProviderUnavailableException(provider(), "answered with a missing or invalid " + what, null,
					null);
		}
		return Math.round(value.asDouble() * 1000);
	}

	/**
	 * Whisper names languages in English ({@code english}); the rest of the worker uses
	 * ISO codes.
	 */
	static @Nullable String languageCode(@Nullable String language) {
		if (language == null || language.isBlank()) {
			return null;
		}
		String lower = language.strip().toLowerCase(Locale.ROOT);
		if (lower.length() == 2) {
			return lower;
		}
		return LANGUAGE_CODES.getOrDefault(lower, lower);
	}

	private static Map<String, String> languageCodes() {
		Map<String, String> codes = new LinkedHashMap<>();
		for (String code : Locale.getISOLanguages()) {
			String name = Locale.of(code).getDisplayLanguage(Locale.ENGLISH).toLowerCase(Locale.ROOT);
			codes.putIfAbsent(name, code);
		}
		return Map.copyOf(codes);
	}

}
