package com.clipworker.ai;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import tools.jackson.databind.json.JsonMapper;

/**
 * The keys of {@link AiResultCache}: a kind prefix and the SHA-256 of the parts that
 * decide the answer, so keys have a fixed length and reveal nothing.
 */
public final class CacheKeys {

	private CacheKeys() {
	}

	/**
	 * The key of a chunk's transcription.
	 * @param videoId the video
	 * @param chunkSha256 hex SHA-256 of the chunk's file
	 * @param provider the provider
	 * @param model the model
	 * @return the key
	 */
	public static String transcription(String videoId, String chunkSha256, String provider, String model) {
		return "transcription:" + sha256(videoId, chunkSha256, provider, model);
	}

	/**
	 * The key of a clip pick.
	 * @param transcriptHash {@link #transcriptHash} of the transcript
	 * @param provider the provider
	 * @param model the model
	 * @param parameters everything else that decides the answer (settings, signals hash)
	 * @return the key
	 */
	public static String picking(String transcriptHash, String provider, String model, String parameters) {
		return "clips:" + sha256(transcriptHash, provider, model, parameters);
	}

	/** The SHA-256 of a transcript's canonical JSON. */
	public static String transcriptHash(Transcript transcript, JsonMapper json) {
		return sha256(json.writeValueAsString(transcript));
	}

	static String signalsHash(Signals signals, JsonMapper json) {
		return sha256(json.writeValueAsString(signals));
	}

	/** The hex SHA-256 of a chunk's file, read as a stream. */
	public static String fileSha256(AudioChunk chunk) {
		MessageDigest digest = digest();
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = Files.newInputStream(chunk.file())) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			throw new AudioChunkUnreadableException(chunk.file(), ex);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static String sha256(String... parts) {
		MessageDigest digest = digest();
		for (String part : parts) {
			digest.update(part.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from the JDK", ex);
		}
	}

}
