package com.clipworker.db;

import org.jspecify.annotations.Nullable;

/**
 * The object keys of what processing made from a video's source. In a write, a
 * {@code null} key leaves the stored one as it is, so each step saves only its own.
 *
 * @param proxyKey the normalised proxy ({@code videos/{id}/proxy.mp4})
 * @param audioKey the audio for speech recognition
 * @param posterKey the poster frame
 * @param storyboardKey the storyboard sprite
 * @param storyboardVttKey the storyboard's WebVTT index
 */
public record VideoMedia(@Nullable String proxyKey, @Nullable String audioKey, @Nullable String posterKey,
		@Nullable String storyboardKey, @Nullable String storyboardVttKey) {

	/** No keys. */
	public static VideoMedia none() {
		return new VideoMedia(null, null, null, null, null);
	}

	public VideoMedia withProxyKey(String key) {
		return new VideoMedia(key, this.audioKey, this.posterKey, this.storyboardKey, this.storyboardVttKey);
	}

	public VideoMedia withAudioKey(String key) {
		return new VideoMedia(this.proxyKey, key, this.posterKey, this.storyboardKey, this.storyboardVttKey);
	}

	public VideoMedia withPosterKey(String key) {
		return new VideoMedia(this.proxyKey, this.audioKey, key, this.storyboardKey, this.storyboardVttKey);
	}

	public VideoMedia withStoryboard(String key, String vttKey) {
		return new VideoMedia(this.proxyKey, this.audioKey, this.posterKey, key, vttKey);
	}

}
