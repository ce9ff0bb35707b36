package com.clipworker.media.captions;

import java.util.List;

/**
 * Words shown together, in lines, over a time range in clip time.
 *
 * @param lines the words of each line
 * @param startMs when the page appears
 * @param endMs when it goes
 */
public record CaptionPage(List<List<Word>> lines, long startMs, long endMs) {

	public CaptionPage {
		lines = lines.stream().map(List::copyOf).toList();
	}

	/** The words of all lines, in order. */
	public List<Word> words() {
		return this.lines.stream().flatMap(List::stream).toList();
	}

}
