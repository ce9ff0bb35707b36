package com.clipworker.ai;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks and tidies the clips a picker proposes. Drops clips outside the video or with no
 * length; snaps start and end to the sentence (when its edge is near), else the word,
 * around them, with a little air before the first word and after the last, never into a
 * neighbouring word; without words, snaps to the edge of a nearby silence or scene cut;
 * drops clips that are then too short or too long; removes duplicates and clips that
 * overlap a better-scored one; keeps the best {@code count}.
 */
public final class ClipValidator {

	static final long LEAD_IN_MS = 150;

	static final long TAIL_MS = 250;

	static final long SENTENCE_REACH_MS = 3000;

	static final long SILENCE_REACH_MS = 1000;

	static final long CUT_REACH_MS = 500;

	/**
	 * What survived validation and why the rest did not.
	 *
	 * @param clips the kept clips, best first
	 * @param dropped one line per dropped clip, naming it and the reason
	 */
	public record Validation(List<ClipCandidate> clips, List<String> dropped) {

		public Validation {
			clips = List.copyOf(clips);
			dropped = List.copyOf(dropped);
		}

	}

	/**
	 * Validates candidates.
	 * @param candidates the proposed clips, in the order proposed
	 * @param transcript the transcript (may have no words)
	 * @param signals the video's signals (its duration bounds every clip)
	 * @param settings count and duration bounds
	 * @return the kept clips and the reasons for the dropped ones
	 */
	public Validation validate(List<ClipCandidate> candidates, Transcript transcript, Signals signals,
			PickSettings settings) {
		List<Sentence> sentences = Sentences.of(transcript);
		List<String> dropped = new ArrayList<>();
		List<Numbered> valid = new ArrayList<>();
		long duration = signals.durationMs();
		for (int i = 0; i < candidates.size(); i++) {
			ClipCandidate clip = candidates.get(i);
			String name = "clip " + (i + 1) + " (" + clip.startMs() + "-" + clip.endMs() + " ms)";
			if (clip.startMs() < 0 || clip.endMs() > duration) {
				dropped.add(name + " is outside the video (0-" + duration + " ms)");
				continue;
			}
			if (clip.endMs() <= clip.startMs()) {
				dropped.add(name + " ends before it starts");
				continue;
			}
			ClipCandidate snapped = snap(clip, transcript.words(), sentences, signals, settings);
			if (snapped.durationMs() < settings.minMs()) {
				dropped.add(name + " is shorter than " + settings.minDuration().toSeconds() + " s");
				continue;
			}
			if (snapped.durationMs() > settings.maxMs()) {
				dropped.add(name + " is longer than " + settings.maxDuration().toSeconds() + " s");
				continue;
			}
			valid.add(new Numbered(i, name, snapped));
		}
		valid.sort(Comparator.comparingInt((Numbered n) -> -n.clip().score()).thenComparingInt(Numbered::index));
		List<ClipCandidate> kept = new ArrayList<>();
		for (Numbered candidate : valid) {
			ClipCandidate clip = candidate.clip();
			boolean overlaps = kept.stream().anyMatch((k) -> k.span().overlapMs(clip.span()) > 0);
			if (overlaps) {
				dropped.add(candidate.name() + " overlaps a better clip");
			}
			else if (kept.size() >= settings.count()) {
				dropped.add(candidate.name() + " is beyond the " + settings.count() + " clips asked for");
			}
			else {
				kept.add(clip);
			}
		}
		return new Validation(kept, dropped);
	}

	private ClipCandidate snap(ClipCandidate clip, List<Word> words, List<Sentence> sentences, Signals signals,
			PickSettings settings) {
		if (words.isEmpty()) {
			return clip.withSpan(snapToSignals(clip.startMs(), signals, true),
					snapToSignals(clip.endMs(), signals, false));
		}
		ClipCandidate bySentence = snapToWords(clip, words, sentences, signals.durationMs(), true);
		if (within(bySentence, settings)) {
			return bySentence;
		}
		ClipCandidate byWord = snapToWords(clip, words, sentences, signals.durationMs(), false);
		return within(byWord, settings) ? byWord : clip;
	}

	private static boolean within(ClipCandidate clip, PickSettings settings) {
		return clip.durationMs() >= settings.minMs() && clip.durationMs() <= settings.maxMs();
	}

	private ClipCandidate snapToWords(ClipCandidate clip, List<Word> words, List<Sentence> sentences, long duration,
			boolean toSentences) {
		int first = firstWordEndingAfter(words, clip.startMs());
		int last = lastWordStartingBefore(words, clip.endMs());
		if (first < 0 || last < 0 || last < first) {
			return clip;
		}
		if (toSentences) {
			Sentence opening = sentenceOf(sentences, first);
			if (words.get(first).startMs() - opening.startMs() <= SENTENCE_REACH_MS) {
				first = opening.firstWord();
			}
			Sentence closing = sentenceOf(sentences, last);
			if (closing.endMs() - words.get(last).endMs() <= SENTENCE_REACH_MS) {
				last = closing.lastWord();
			}
		}
		long start = words.get(first).startMs() - LEAD_IN_MS;
		if (first > 0) {
			start = Math.max(start, words.get(first - 1).endMs());
		}
		start = Math.max(0, Math.min(start, words.get(first).startMs()));
		long end = words.get(last).endMs() + TAIL_MS;
		if (last + 1 < words.size()) {
			end = Math.min(end, words.get(last + 1).startMs());
		}
		end = Math.min(duration, Math.max(end, words.get(last).endMs()));
		return (end > start) ? clip.withSpan(start, Math.min(end, duration)) : clip;
	}

	private static int firstWordEndingAfter(List<Word> words, long at) {
		for (int i = 0; i < words.size(); i++) {
			if (words.get(i).endMs() > at) {
				return i;
			}
		}
		return -1;
	}

	private static int lastWordStartingBefore(List<Word> words, long at) {
		for (int i = words.size() - 1; i >= 0; i--) {
			if (words.get(i).startMs() < at) {
				return i;
			}
		}
		return -1;
	}

	private static Sentence sentenceOf(List<Sentence> sentences, int word) {
		int low = 0;
		int high = sentences.size() - 1;
		while (low < high) {
			int mid = (low + high + 1) >>> 1;
			if (sentences.get(mid).firstWord() <= word) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		return sentences.get(low);
	}

	/**
	 * A start moves to the end of a silence it is near (speech resumes), an end to the
	 * start of one (speech stops); failing that, either moves to a nearby scene cut.
	 */
	private static long snapToSignals(long at, Signals signals, boolean start) {
		long best = at;
		long bestDistance = Long.MAX_VALUE;
		for (Interval silence : signals.silences()) {
			long edge = start ? silence.endMs() : silence.startMs();
			long distance = Math.abs(edge - at);
			if (distance <= SILENCE_REACH_MS && distance < bestDistance) {
				best = edge;
				bestDistance = distance;
			}
		}
		if (bestDistance != Long.MAX_VALUE) {
			return best;
		}
		for (long cut : signals.sceneCutsMs()) {
			long distance = Math.abs(cut - at);
			if (distance <= CUT_REACH_MS && distance < bestDistance) {
				best = cut;
				bestDistance = distance;
			}
		}
		return best;
	}

	private record Numbered(int index, String name, ClipCandidate clip) {
	}

}
