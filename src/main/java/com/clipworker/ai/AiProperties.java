package com.clipworker.ai;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The AI providers and what is asked of them. A provider is configured when its key is
 * set ({@code GROQ_API_KEY}, {@code OPENAI_API_KEY}, {@code GEMINI_API_KEY}); with no key
 * at all, transcripts come from subtitles only and clips from the heuristic picker.
 *
 * @param groq Groq (OpenAI-compatible: Whisper and chat completions)
 * @param openai OpenAI, or any OpenAI-compatible server by base URL (a self-hosted
 * Whisper server)
 * @param gemini Google Gemini (clip picking only)
 * @param transcription which provider transcribes and how
 * @param picking which provider picks clips and what is asked for
 * @param connectTimeout longest wait for a connection to a provider
 */
@Validated
@ConfigurationProperties("clipworker.ai")
public record AiProperties(@Valid @NotNull @DefaultValue Groq groq, @Valid @NotNull @DefaultValue OpenAi openai,
		@Valid @NotNull @DefaultValue Gemini gemini, @Valid @NotNull @DefaultValue Transcription transcription,
		@Valid @NotNull @DefaultValue Picking picking, @NotNull @DefaultValue("10s") Duration connectTimeout) {

	/**
	 * Which provider transcribes, after {@code auto} is resolved by the keys that are
	 * set.
	 */
	public TranscriptionProvider transcriptionProvider() {
		return switch (this.transcription.provider()) {
			case AUTO -> {
				if (isSet(this.groq.apiKey())) {
					yield TranscriptionProvider.GROQ;
				}
				yield isSet(this.openai.apiKey()) ? TranscriptionProvider.OPENAI : TranscriptionProvider.NONE;
			}
			case GROQ -> requireKey(TranscriptionProvider.GROQ, this.groq.apiKey(), "GROQ_API_KEY");
			case OPENAI -> requireKey(TranscriptionProvider.OPENAI, this.openai.apiKey(), "OPENAI_API_KEY");
			case NONE -> TranscriptionProvider.NONE;
		};
	}

	/**
	 * Which provider picks clips, after {@code auto} is resolved by the keys that are
	 * set.
	 */
	public PickingProvider pickingProvider() {
		return switch (this.picking.provider()) {
			case AUTO -> {
				if (isSet(this.gemini.apiKey())) {
					yield PickingProvider.GEMINI;
				}
				if (isSet(this.groq.apiKey())) {
					yield PickingProvider.GROQ;
				}
				yield isSet(this.openai.apiKey()) ? PickingProvider.OPENAI : PickingProvider.HEURISTIC;
			}
			case GEMINI -> requireKey(PickingProvider.GEMINI, this.gemini.apiKey(), "GEMINI_API_KEY");
			case GROQ -> requireKey(PickingProvider.GROQ, this.groq.apiKey(), "GROQ_API_KEY");
			case OPENAI -> requireKey(PickingProvider.OPENAI, this.openai.apiKey(), "OPENAI_API_KEY");
			case HEURISTIC -> PickingProvider.HEURISTIC;
		};
	}

	private static <T> T requireKey(T provider, @Nullable String key, String variable) {
		if (!isSet(key)) {
			throw new IllegalStateException(
					"clipworker.ai chooses " + provider + " but " + variable + " is not set; set it or choose auto");
		}
		return provider;
	}

	static boolean isSet(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	private static String mask(@Nullable String key) {
		return isSet(key) ? "(set)" : "(unset)";
	}

	/** Who transcribes. */
	public enum TranscriptionProvider {

		/** Groq if its key is set, else OpenAI if its key is set, else none. */
		AUTO, GROQ, OPENAI,
		/** Subtitles only. */
		NONE

	}

	/** Who picks clips. */
	public enum PickingProvider {

		/** Gemini, else Groq, else OpenAI, by which key is set; else the heuristic. */
		AUTO, GEMINI, GROQ, OPENAI,
		/** The deterministic heuristic, no key needed. */
		HEURISTIC

	}

	/** How a chat-completions server is asked for JSON. */
	public enum StructuredOutput {

		/** {@code response_format: json_schema} with {@code strict: true}. */
		JSON_SCHEMA,
		/**
		 * {@code response_format: json_object}, for servers without JSON-schema support.
		 */
		JSON_OBJECT

	}

	/**
	 * Groq.
	 *
	 * @param apiKey the key ({@code GROQ_API_KEY})
	 * @param baseUrl the OpenAI-compatible base URL ({@code GROQ_BASE_URL})
	 * @param transcriptionModel the Whisper model
	 * @param chatModel the chat model for clip picking
	 * @param structuredOutput how the chat model is asked for JSON
	 */
	public record Groq(@Nullable String apiKey,
			@NotBlank @DefaultValue("https://api.groq.com/openai/v1") String baseUrl,
			@NotBlank @DefaultValue("whisper-large-v3-turbo") String transcriptionModel,
			@NotBlank @DefaultValue("openai/gpt-oss-120b") String chatModel,
			@NotNull @DefaultValue("JSON_SCHEMA") StructuredOutput structuredOutput) {

		@Override
		public String toString() {
			return "Groq[apiKey=" + mask(this.apiKey) + ", baseUrl=" + this.baseUrl + ", transcriptionModel="
					+ this.transcriptionModel + ", chatModel=" + this.chatModel + "]";
		}

	}

	/**
	 * OpenAI or any OpenAI-compatible server.
	 *
	 * @param apiKey the key ({@code OPENAI_API_KEY}); a server that needs none takes any
	 * non-blank value
	 * @param baseUrl the base URL ({@code OPENAI_BASE_URL})
	 * @param transcriptionModel the Whisper model ({@code whisper-1} is the only OpenAI
	 * model with word times)
	 * @param chatModel the chat model for clip picking
	 * @param structuredOutput how the chat model is asked for JSON
	 */
	public record OpenAi(@Nullable String apiKey, @NotBlank @DefaultValue("https://api.openai.com/v1") String baseUrl,
			@NotBlank @DefaultValue("whisper-1") String transcriptionModel,
			@NotBlank @DefaultValue("gpt-4o-mini") String chatModel,
			@NotNull @DefaultValue("JSON_SCHEMA") StructuredOutput structuredOutput) {

		@Override
		public String toString() {
			return "OpenAi[apiKey=" + mask(this.apiKey) + ", baseUrl=" + this.baseUrl + ", transcriptionModel="
					+ this.transcriptionModel + ", chatModel=" + this.chatModel + "]";
		}

	}

	/**
	 * Google Gemini.
	 *
	 * @param apiKey the key ({@code GEMINI_API_KEY})
	 * @param baseUrl the REST base URL ({@code GEMINI_BASE_URL})
	 * @param model the model
	 */
	public record Gemini(@Nullable String apiKey,
			@NotBlank @DefaultValue("https://generativelanguage.googleapis.com/v1beta") String baseUrl,
			@NotBlank @DefaultValue("gemini-2.5-flash") String model) {

		@Override
		public String toString() {
			return "Gemini[apiKey=" + mask(this.apiKey) + ", baseUrl=" + this.baseUrl + ", model=" + this.model + "]";
		}

	}

	/**
	 * Transcription.
	 *
	 * @param provider who transcribes ({@code auto} chooses by the keys)
	 * @param language the spoken language (ISO 639-1) when known for every video, else
	 * {@code null} to let the model detect it
	 * @param maxUpload the largest chunk sent; a larger one fails before the upload as
	 * {@link AudioTooLargeException}
	 * @param timeout longest wait for one chunk's answer
	 */
	public record Transcription(@NotNull @DefaultValue("AUTO") TranscriptionProvider provider,
			@Nullable String language, @NotNull @DefaultValue("25MB") DataSize maxUpload,
			@NotNull @DefaultValue("120s") Duration timeout) {
	}

	/**
	 * Clip picking.
	 *
	 * @param provider who picks ({@code auto} chooses by the keys)
	 * @param count how many clips to ask for
	 * @param minDuration the shortest clip
	 * @param maxDuration the longest clip
	 * @param language the language of titles and hooks, or {@code null} for the
	 * transcript's
	 * @param temperature the sampling temperature sent to the model
	 * @param timeout longest wait for one answer
	 */
	public record Picking(@NotNull @DefaultValue("AUTO") PickingProvider provider,
			@Min(1) @Max(50) @DefaultValue("5") int count, @NotNull @DefaultValue("15s") Duration minDuration,
			@NotNull @DefaultValue("60s") Duration maxDuration, @Nullable String language,
			@DefaultValue("0.3") double temperature, @NotNull @DefaultValue("90s") Duration timeout) {

		public Picking {
			if (minDuration != null && maxDuration != null && maxDuration.compareTo(minDuration) < 0) {
				throw new IllegalArgumentException("clipworker.ai.picking.max-duration (" + maxDuration
						+ ") must not be shorter than min-duration (" + minDuration + ")");
			}
			if (minDuration != null && (minDuration.isNegative() || minDuration.isZero())) {
				throw new IllegalArgumentException(
						"clipworker.ai.picking.min-duration must be positive, got " + minDuration);
			}
		}

		/** The settings a picker is called with. */
		public PickSettings settings() {
			return new PickSettings(this.count, this.minDuration, this.maxDuration, this.language);
		}

	}

}
