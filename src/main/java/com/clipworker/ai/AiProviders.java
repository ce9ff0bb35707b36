package com.clipworker.ai;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the transcriber and the clip picker that the keys choose (see
 * {@link AiProperties#transcriptionProvider()} and {@link AiProperties#pickingProvider()}
 * for the precedence). Plain values in, plain objects out, so tests build them against a
 * local server without Spring.
 */
public final class AiProviders {

	private final AiProperties properties;

	private final HttpClient client;

	private final JsonMapper json;

	private final Clock clock;

	public AiProviders(AiProperties properties, HttpClient client, JsonMapper json, Clock clock) {
		this.properties = properties;
		this.client = client;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * An HTTP client fit for the providers: its connect timeout, no redirects, HTTP/1.1.
	 */
	public static HttpClient httpClient(AiProperties properties) {
		return HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	/** A JSON mapper with Jackson's defaults, independent of the web layer's settings. */
	public static JsonMapper jsonMapper() {
		return JsonMapper.builder().build();
	}

	/** The configured transcriber, or {@code null} when no speech-to-text key is set. */
	public @Nullable Transcriber transcriber() {
		AiProperties.Transcription settings = this.properties.transcription();
		return switch (this.properties.transcriptionProvider()) {
			case GROQ -> {
				AiProperties.Groq groq = this.properties.groq();
				String key = Objects.requireNonNull(groq.apiKey());
				yield new WhisperTranscriber(
						http("groq", groq.baseUrl(), ProviderHttp.KeyHeader.BEARER, key, settings.timeout()),
						groq.transcriptionModel(), settings.language(), settings.maxUpload());
			}
			case OPENAI -> {
				AiProperties.OpenAi openai = this.properties.openai();
				String key = Objects.requireNonNull(openai.apiKey());
				yield new WhisperTranscriber(
						http("openai", openai.baseUrl(), ProviderHttp.KeyHeader.BEARER, key, settings.timeout()),
						openai.transcriptionModel(), settings.language(), settings.maxUpload());
			}
			case NONE, AUTO -> null;
		};
	}

	/** The transcription facade over {@link #transcriber()} and a cache. */
	public Transcription transcription(AiResultCache cache) {
		return new Transcription(transcriber(), cache, this.json);
	}

	/** The configured picker: an LLM behind the cache, or the heuristic without keys. */
	public ClipPicker clipPicker(AiResultCache cache) {
		LlmClient llm = llmClient();
		if (llm == null) {
			return new HeuristicPicker();
		}
		return new CachingClipPicker(
				new LlmClipPicker(llm, new AnswerParser(this.json), new ClipValidator(), new HeuristicPicker()), cache,
				this.json);
	}

	/** A one-line description of the choice, for the start-up log (no keys). */
	public String describe() {
		Transcriber transcriber = transcriber();
		LlmClient llm = llmClient();
		return "transcription: "
				+ ((transcriber != null) ? transcriber.provider() + " " + transcriber.model() : "subtitles only")
				+ "; clip picking: " + ((llm != null) ? llm.provider() + " " + llm.model() : "heuristic");
	}

	@Nullable LlmClient llmClient() {
		AiProperties.Picking picking = this.properties.picking();
		return switch (this.properties.pickingProvider()) {
			case GEMINI -> {
				AiProperties.Gemini gemini = this.properties.gemini();
				String key = Objects.requireNonNull(gemini.apiKey());
				yield new GeminiClient(
						http("gemini", gemini.baseUrl(), ProviderHttp.KeyHeader.GOOGLE, key, picking.timeout()),
						gemini.model(), picking.temperature());
			}
			case GROQ -> {
				AiProperties.Groq groq = this.properties.groq();
				String key = Objects.requireNonNull(groq.apiKey());
				yield new ChatCompletionsClient(
						http("groq", groq.baseUrl(), ProviderHttp.KeyHeader.BEARER, key, picking.timeout()),
						groq.chatModel(), groq.structuredOutput(), picking.temperature());
			}
			case OPENAI -> {
				AiProperties.OpenAi openai = this.properties.openai();
				String key = Objects.requireNonNull(openai.apiKey());
				yield new ChatCompletionsClient(
						http("openai", openai.baseUrl(), ProviderHttp.KeyHeader.BEARER, key, picking.timeout()),
						openai.chatModel(), openai.structuredOutput(), picking.temperature());
			}
			case HEURISTIC, AUTO -> null;
		};
	}

	private ProviderHttp http(String provider, String baseUrl, ProviderHttp.KeyHeader keyHeader, String key,
			Duration timeout) {
		return new ProviderHttp(provider, baseUrl, keyHeader, key, timeout, this.client, this.json, this.clock);
	}

}
