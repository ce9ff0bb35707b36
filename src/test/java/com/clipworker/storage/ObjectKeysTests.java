package com.clipworker.storage;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ObjectKeysTests {

	private final UUID id = UUID.fromString("0b8e4a4e-2f9c-4f7e-9d43-8f3c0e0d7a11");

	@Test
	void theSchemesKeysAreValid() {
		for (String key : new String[] { ObjectKeys.videoSource(this.id), ObjectKeys.videoCaptions(this.id, "SRT"),
				ObjectKeys.videoProxy(this.id), ObjectKeys.videoAudio(this.id, "m4a"), ObjectKeys.videoPoster(this.id),
				ObjectKeys.videoStoryboard(this.id), ObjectKeys.videoStoryboardVtt(this.id),
				ObjectKeys.clipPreview(this.id), ObjectKeys.clipPoster(this.id), ObjectKeys.exportFinal(this.id) }) {
			assertThat(ObjectKeys.requireValidKey(key)).isEqualTo(key);
		}
		assertThat(ObjectKeys.videoSource(this.id)).isEqualTo("videos/0b8e4a4e-2f9c-4f7e-9d43-8f3c0e0d7a11/source");
		assertThat(ObjectKeys.videoCaptions(this.id, "VTT")).endsWith("/captions.vtt");
		assertThat(ObjectKeys.exportFinal(this.id)).isEqualTo("exports/" + this.id + "/final.mp4");
		assertThat(ObjectKeys.requireValidPrefix(ObjectKeys.videoPrefix(this.id))).endsWith("/");
	}

	@Test
	void messagesSayWhatIsWrong() {
		assertThatExceptionOfType(InvalidObjectKeyException.class)
			.isThrownBy(() -> ObjectKeys.requireValidKey("videos/../x"))
			.withMessageContaining("'..' segment");
		assertThatExceptionOfType(InvalidObjectKeyException.class)
			.isThrownBy(() -> ObjectKeys.requireValidKey("/videos/x"))
			.withMessageContaining("starts with '/'");
		assertThatExceptionOfType(InvalidObjectKeyException.class)
			.isThrownBy(() -> ObjectKeys.requireValidKey("videos\\x"))
			.withMessageContaining("backslash");
		assertThatExceptionOfType(InvalidObjectKeyException.class)
			.isThrownBy(() -> ObjectKeys.requireValidKey("videos/x\u0007"))
			.withMessageContaining("control character")
			.withMessageContaining("\\u0007");
		assertThatExceptionOfType(InvalidObjectKeyException.class)
			.isThrownBy(() -> ObjectKeys.requireValidKey("a".repeat(513)))
			.withMessageContaining("longer than 512");
		assertThatExceptionOfType(InvalidObjectKeyException.class)
			.isThrownBy(() -> ObjectKeys.videoCaptions(this.id, "exe"))
			.withMessageContaining(".srt or .vtt");
	}

}
