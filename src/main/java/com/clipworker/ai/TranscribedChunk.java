package com.clipworker.ai;

/**
 * A chunk and its transcript, with times already shifted to the whole audio (what
 * {@link Transcription#transcribe} returns).
 *
 * @param chunk the chunk
 * @param transcript its transcript in whole-audio times
 */
public record TranscribedChunk(AudioChunk chunk, Transcript transcript) {
}
