package com.clipworker.ai;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The deterministic picker, the default without keys. Candidate windows run from a clean
 * start (a sentence start, the end of a silence, a scene cut) to a clean end (a sentence
 * end, the start of a silence, a scene cut, the end of the video) within the duration
 * bounds; without a transcript a 5-second grid adds starts and ends. Each window is
 * scored from its edges, its opening (a question, an exclamation or a loud first
 * seconds), its question and exclamation density, its speech rate, its loudness against
 * the video's and its peaks, its scene cuts, its silence and how near its length is to
 * the preferred one. The best windows that do not overlap are kept. Same input, same
 * output: no clock, no randomness, ties broken by position.
 */
public final class HeuristicPicker implements ClipPicker {

	static final String NAME = "heuristic";

	private static final long GRID_MS = 5000;

	private static final long HOOK_MS = 3000;

	private static final double IDEAL_WORDS_PER_SECOND = 2.8;

	@Override
	public PickResult pick(Transcript transcript, Signals signals, PickSettings settings) {
		return new PickResult(clips(transcript, signals, settings), NAME, NAME, null);
	}

	List<ClipCandidate> clips(Transcript transcript, Signals signals, PickSettings settings) {
		Features features = new Features(transcript, signals);
		long duration = signals.durationMs();
		// edge time -> quality (1 clean, 0.5 scene cut, 0 grid); the best quality wins
		TreeMap<Long, Double> starts = new TreeMap<>();
		TreeMap<Long, Double> ends = new TreeMap<>();
		starts.merge(0L, 1.0, Math::max);
		ends.merge(duration, 1.0, Math::max);
		for (Sentence sentence : features.sentences) {
			if (sentence.endMs() <= duration) {
				starts.merge(sentence.startMs(), 1.0, Math::max);
				ends.merge(sentence.endMs(), Sentences.endsSentence(sentence.text()) ? 1.0 : 0.8, Math::max);
			}
		}
		for (Interval silence : signals.silences()) {
			starts.merge(silence.endMs(), (features.sentences.isEmpty() ? 1.0 : 0.7), Math::max);
			ends.merge(silence.startMs(), (features.sentences.isEmpty() ? 1.0 : 0.7), Math::max);
		}
		for (long cut : signals.sceneCutsMs()) {
			starts.merge(cut, 0.5, Math::max);
			ends.merge(cut, 0.5, Math::max);
		}
		if (features.sentences.isEmpty()) {
			for (long t = 0; t <= duration; t += GRID_MS) {
				starts.merge(t, 0.0, Math::max);
				ends.merge(t, 0.0, Math::max);
			}
		}
		long target = settings.minMs() + (settings.maxMs() - settings.minMs()) * 2 / 5;
		List<Window> windows = new ArrayList<>();
		starts.forEach((start, startQuality) -> {
			// the clean ends in reach, plus the shortest, preferred and longest lengths:
			// every start gets a window even where no clean end is in reach
			TreeMap<Long, Double> reach = new TreeMap<>(
					ends.subMap(start + settings.minMs(), true, start + settings.maxMs(), true));
			for (long length : new long[] { settings.minMs(), target, settings.maxMs() }) {
				reach.merge(start + length, 0.0, Math::max);
			}
			reach.headMap(duration, true)
				.forEach((end, endQuality) -> windows
					.add(features.score(start, end, startQuality, endQuality, target, settings)));
		});
		windows.sort(Comparator.comparingDouble((Window w) -> -w.score())
			.thenComparingLong(Window::start)
			.thenComparingLong(Window::end));
		List<Window> kept = new ArrayList<>();
		for (Window window : windows) {
			if (kept.size() >= settings.count()) {
				break;
			}
			if (kept.stream().noneMatch((k) -> k.start() < window.end() && window.start() < k.end())) {
				kept.add(window);
			}
		}
		return kept.stream().map((w) -> features.candidate(w)).toList();
	}

	private record Window(long start, long end, double score, String reason) {
	}

	/** Prefix sums and lookups that make scoring a window cheap. */
	private static final class Features {

		private final List<Sentence> sentences;

		private final long[] sentenceStarts;

		private final int[] punctuationBefore;

		private final long[] wordStarts;

		private final long[] cuts;

		private final double[] loudPerSecond;

		private final double[] peakPerSecond;

		private final double[] silentBefore;

		private final double meanLoudness;

		private final boolean hasLoudness;

		Features(Transcript transcript, Signals signals) {
			this.sentences = Sentences.of(transcript);
			this.sentenceStarts = this.sentences.stream().mapToLong(Sentence::startMs).toArray();
			this.punctuationBefore = new int[this.sentences.size() + 1];
			for (int i = 0; i < this.sentences.size(); i++) {
				Sentence s = this.sentences.get(i);
				this.punctuationBefore[i + 1] = this.punctuationBefore[i] + ((s.question() || s.exclamation()) ? 1 : 0);
			}
			this.wordStarts = transcript.words().stream().mapToLong(Word::startMs).toArray();
			this.cuts = signals.sceneCutsMs().stream().mapToLong(Long::longValue).toArray();
			int seconds = (int) (signals.durationMs() / 1000) + 1;
			double[] sum = new double[seconds];
			int[] count = new int[seconds];
			this.peakPerSecond = new double[seconds];
			Arrays.fill(this.peakPerSecond, Double.NEGATIVE_INFINITY);
			double total = 0;
			for (LoudnessSample sample : signals.loudness()) {
				int second = (int) (sample.atMs() / 1000);
				double lufs = Math.max(-70, sample.lufs());
				sum[second] += lufs;
				count[second]++;
				this.peakPerSecond[second] = Math.max(this.peakPerSecond[second], lufs);
				total += lufs;
			}
			this.hasLoudness = !signals.loudness().isEmpty();
			this.meanLoudness = this.hasLoudness ? total / signals.loudness().size() : -70;
			this.loudPerSecond = new double[seconds];
			for (int i = 0; i < seconds; i++) {
				this.loudPerSecond[i] = (count[i] > 0) ? sum[i] / count[i] : Double.NaN;
			}
			this.silentBefore = new double[seconds + 1];
			double[] silent = new double[seconds];
			for (Interval silence : signals.silences()) {
				for (long t = silence.startMs() / 1000; t * 1000 < silence.endMs() && t < seconds; t++) {
					long from = Math.max(silence.startMs(), t * 1000);
					long to = Math.min(silence.endMs(), (t + 1) * 1000);
					silent[(int) t] = Math.min(1.0, silent[(int) t] + (to - from) / 1000.0);
				}
			}
			for (int i = 0; i < seconds; i++) {
				this.silentBefore[i + 1] = this.silentBefore[i] + silent[i];
			}
		}

		Window score(long start, long end, double startQuality, double endQuality, long target, PickSettings settings) {
			double seconds = (end - start) / 1000.0;
			int fromSecond = (int) (start / 1000);
			int toSecond = (int) Math.min(this.loudPerSecond.length, (end + 999) / 1000);
			double silence = (this.silentBefore[toSecond] - this.silentBefore[fromSecond])
					/ Math.max(1, toSecond - fromSecond);
			double loud = 0.5;
			double peak = 0.5;
			double hookLoud = 0;
			if (this.hasLoudness) {
				double sum = 0;
				int n = 0;
				double max = Double.NEGATIVE_INFINITY;
				for (int s = fromSecond; s < toSecond; s++) {
					if (!Double.isNaN(this.loudPerSecond[s])) {
						sum += this.loudPerSecond[s];
						n++;
						max = Math.max(max, this.peakPerSecond[s]);
						if (s * 1000L < start + HOOK_MS && this.peakPerSecond[s] > this.meanLoudness + 3) {
							hookLoud = 1;
						}
					}
				}
				if (n > 0) {
					loud = clamp((sum / n - this.meanLoudness) / 10 + 0.5);
					peak = clamp((max - this.meanLoudness) / 15);
				}
			}
			int firstSentence = lowerBound(this.sentenceStarts, start);
			int endSentence = lowerBound(this.sentenceStarts, end);
			int sentencesInside = Math.max(0, endSentence - firstSentence);
			double punctuation = (sentencesInside > 0) ? clamp(2.0
					* (this.punctuationBefore[endSentence] - this.punctuationBefore[firstSentence]) / sentencesInside)
					: 0;
			boolean opensWithQuestion = firstSentence < this.sentences.size()
					&& this.sentences.get(firstSentence).startMs() < start + HOOK_MS
					&& (this.sentences.get(firstSentence).question()
							|| this.sentences.get(firstSentence).exclamation());
			double hook = Math.max(opensWithQuestion ? 1 : 0, hookLoud);
			int words = lowerBound(this.wordStarts, end) - lowerBound(this.wordStarts, start);
			double rate = (this.wordStarts.length > 0)
					? 1 - clamp(Math.abs(words / seconds - IDEAL_WORDS_PER_SECOND) / IDEAL_WORDS_PER_SECOND)
					: 1 - silence;
			int cutCount = lowerBound(this.cuts, end) - lowerBound(this.cuts, start + 1);
			double cutsScore = clamp(cutCount / seconds * 60 / 12);
			double span = Math.max(1, settings.maxMs() - settings.minMs());
			double fit = 1 - clamp(Math.abs((end - start) - target) / span);
			double[] parts = { 12 * startQuality, 12 * endQuality, 14 * hook, 12 * punctuation, 10 * rate, 10 * loud,
					10 * peak, 8 * cutsScore, 6 * fit, 6 * (1 - silence) };
			double score = 0;
			for (double part : parts) {
				score += part;
			}
			String[] names = { "clean start", "clean ending", "strong opening", "questions and exclamations",
					"lively speech", "louder than the rest", "loudness peaks", "scene cuts", "good length",
					"little silence" };
			double[] weights = { 12, 12, 14, 12, 10, 10, 10, 8, 6, 6 };
			List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
			order.sort(Comparator.comparingDouble((Integer i) -> -parts[i] / weights[i]).thenComparingInt((i) -> i));
			String reason = "Heuristic: " + names[order.get(0)] + ", " + names[order.get(1)] + ", "
					+ names[order.get(2)];
			return new Window(start, end, score, reason);
		}

		ClipCandidate candidate(Window window) {
			int first = lowerBound(this.sentenceStarts, window.start());
			String opening = (first < this.sentences.size() && this.sentences.get(first).startMs() < window.end())
					? this.sentences.get(first).text() : "";
			String title = opening.isEmpty() ? "Clip at " + clock(window.start()) : abbreviate(opening, 60);
			int score = (int) Math.max(0, Math.min(100, Math.round(window.score())));
			return new ClipCandidate(window.start(), window.end(), title, abbreviate(opening, 140), score,
					window.reason());
		}

		private static int lowerBound(long[] values, long key) {
			int low = 0;
			int high = values.length;
			while (low < high) {
				int mid = (low + high) >>> 1;
				if (values[mid] < key) {
					low = mid + 1;
				}
				else {
					high = mid;
				}
			}
			return low;
		}

		private static double clamp(double value) {
			return Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
		}

		private static String clock(long ms) {
			long seconds = ms / 1000;
			return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
		}

		private static String abbreviate(String text, int max) {
			return (text.length() <= max) ? text : text.substring(0, max - 1).stripTrailing() + "…";
		}

	}

}
