/**
 * Transcription and clip picking. Holds the speech-to-text clients (any OpenAI-compatible
 * Whisper endpoint: Groq, OpenAI, a self-hosted server), the subtitle parser that needs
 * no key, the clip pickers (Gemini and OpenAI-compatible chat completions with a JSON
 * schema, and the deterministic {@link com.clipworker.ai.HeuristicPicker}), the validator
 * that snaps and filters every answer, and the result cache contract that stops a
 * redelivered step from paying twice. Defines its own input records ({@link AudioChunk},
 * {@link Signals}, {@link Transcript}) so that it depends on nothing of the worker except
 * the JDK, Jackson and Spring's configuration binding; the jobs layer adapts the media
 * engine's outputs to them.
 */
@NullMarked
package com.clipworker.ai;

import org.jspecify.annotations.NullMarked;
