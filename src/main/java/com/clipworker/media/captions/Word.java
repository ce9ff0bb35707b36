package com.clipworker.media.captions;

/**
 * One spoken word with its time in the source.
 *
 * @param text the word as transcribed (user text: never interpreted as markup)
 * @param startMs when it starts
 * @param endMs when it ends
 */
public record Word(String text, long startMs, long endMs) {
}
