package com.clipworker.ai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A redelivered step reuses the paid answer instead of calling the provider again. */
class AiResultCachingTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance()
		.options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort())
		.build();

	@TempDir
	Path dir;

	private AiProviders providers() {
		String base = "http://127.0.0.1:" + server.getPort() + "/openai/v1";
		return TestAi.providers(Map.of("groq.api-key", "gsk_cache_000000", "groq.base-url", base));
	}

	@Test
	void sameChunkOfTheSameVideoIsTranscribedOnce() throws IOException {
		server.stubFor(post("/openai/v1/audio/transcriptions").willReturn(okJson("""
				{"language":"en","text":"hi","words":[{"word":"hi","start":0.1,"end":0.3}],"segments":[]}""")));
		Path file = Files.write(this.dir.resolve("a.flac"), new byte[] { 1, 2, 3 });
		InMemoryAiResultCache cache = new InMemoryAiResultCache();
		Transcription transcription = providers().transcription(cache);
		AudioChunk chunk = new AudioChunk(file, 10_000, 1000, null);

		TranscribedChunk first = transcription.transcribe("video-1", chunk);
		TranscribedChunk again = transcription.transcribe("video-1", chunk);
		transcription.transcribe("video-2", chunk);

		assertThat(again).isEqualTo(first);
		assertThat(first.transcript().words()).containsExactly(new Word("hi", 10_100, 10_300));
		server.verify(exactly(2), postRequestedFor(urlEqualTo("/openai/v1/audio/transcriptions")));
		assertThat(cache.size()).isEqualTo(2);
	}

	@Test
	void sameTranscriptAndSettingsArePickedOnceAndOtherSettingsAskAgain() {
		server.stubFor(post("/openai/v1/chat/completions").willReturn(okJson(ChatCompletionsPickerTests.answer("""
				[{"startSentence":1,"endSentence":3,"title":"Good","hook":"h","score":70,"reason":"r"}]"""))));
		InMemoryAiResultCache cache = new InMemoryAiResultCache();
		ClipPicker picker = providers().clipPicker(cache);
		Transcript transcript = TestTranscripts.talk(12, 7);
		Signals signals = Signals.durationOnly(40_000);
		PickSettings settings = new PickSettings(3, Duration.ofSeconds(5), Duration.ofSeconds(20), null);

		PickResult first = picker.pick(transcript, signals, settings);
		PickResult again = picker.pick(transcript, signals, settings);
		picker.pick(transcript, signals, new PickSettings(2, Duration.ofSeconds(5), Duration.ofSeconds(20), null));

		assertThat(again).isEqualTo(first);
		server.verify(exactly(2), postRequestedFor(urlEqualTo("/openai/v1/chat/completions")));
	}

	@Test
	void withoutAKeyTranscriptionIsUnavailableAndPickingIsHeuristic() {
		AiProviders providers = TestAi.providers(Map.of());
		Transcription transcription = providers.transcription(new InMemoryAiResultCache());

		assertThat(transcription.available()).isFalse();
		assertThat(transcription.provider()).isEqualTo("none");
		assertThatIllegalStateException()
			.isThrownBy(() -> transcription.transcribe("v", new AudioChunk(this.dir.resolve("x.flac"), 0, 1, null)))
			.withMessageContaining("subtitles");
		assertThat(providers.clipPicker(new InMemoryAiResultCache())).isInstanceOf(HeuristicPicker.class);
		assertThat(providers.describe()).isEqualTo("transcription: subtitles only; clip picking: heuristic");
	}

	@Test
	void keysDependOnEveryPart() {
		String key = CacheKeys.transcription("v", "abc", "groq", "m");
		assertThat(key).startsWith("transcription:").hasSize("transcription:".length() + 64);
		assertThat(CacheKeys.transcription("v", "abc", "groq", "m")).isEqualTo(key);
		assertThat(CacheKeys.transcription("w", "abc", "groq", "m")).isNotEqualTo(key);
		assertThat(CacheKeys.transcription("v", "abd", "groq", "m")).isNotEqualTo(key);
		assertThat(CacheKeys.transcription("v", "abc", "openai", "m")).isNotEqualTo(key);
		assertThat(CacheKeys.transcription("v", "abc", "groq", "n")).isNotEqualTo(key);
		assertThat(CacheKeys.transcription("va", "bc", "groq", "m")).isNotEqualTo(key);
		assertThat(CacheKeys.picking("t", "gemini", "m", "p")).startsWith("clips:")
			.isNotEqualTo(CacheKeys.picking("t", "gemini", "m", "q"));
	}

}
