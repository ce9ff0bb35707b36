package com.clipworker.media.captions;

import java.util.List;

/**
 * One distinct picture of the caption band: a page's lines with one word active, shown
 * from {@code startMs} to {@code endMs} (clip time).
 *
 * @param lines the text of each line, word by word
 * @param activeWord index of the active word across all lines
 * @param startMs when it appears
 * @param endMs when it goes
 */
public record CaptionState(List<List<String>> lines, int activeWord, long startMs, long endMs) {

	public CaptionState {
		lines = lines.stream().map(List::copyOf).toList();
	}

	/**
	 * What makes two states look the same: the text and the active word, not the time.
	 */
	public String visualKey() {
		return this.activeWord + "|" + this.lines;
	}

}
