package com.clipworker.ai;

/**
 * A sentence of a transcript, the unit the LLM pickers choose by index.
 *
 * @param index its position, from 0
 * @param firstWord index of its first word in the transcript
 * @param lastWord index of its last word
 * @param startMs when its first word starts
 * @param endMs when its last word ends
 * @param text its words joined by spaces
 */
public record Sentence(int index, int firstWord, int lastWord, long startMs, long endMs, String text) {

	/** Whether it ends with a question mark. */
	public boolean question() {
		return Sentences.endsWith(this.text, '?', '？');
	}

	/** Whether it ends with an exclamation mark. */
	public boolean exclamation() {
		return Sentences.endsWith(this.text, '!', '！');
	}

}
