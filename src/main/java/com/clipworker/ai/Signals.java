package com.clipworker.ai;

import java.util.Comparator;
import java.util.List;

/**
 * What the media engine measured in a video, the heuristic picker's input and the edges
 * the validator snaps to.
 *
 * @param durationMs the video's length
 * @param sceneCutsMs times of scene changes
 * @param silences stretches of silence
 * @param loudness momentary loudness samples
 */
public record Signals(long durationMs, List<Long> sceneCutsMs, List<Interval> silences, List<LoudnessSample> loudness) {

	public Signals {
		if (durationMs <= 0) {
			throw new IllegalArgumentException("Signals need a positive duration, got " + durationMs);
		}
		sceneCutsMs = sceneCutsMs.stream().filter((t) -> t >= 0 && t <= durationMs).sorted().distinct().toList();
		silences = silences.stream()
			.filter((s) -> s.endMs() > 0 && s.startMs() < durationMs)
			.map((s) -> new Interval(Math.max(0, s.startMs()), Math.min(durationMs, s.endMs())))
			.sorted(Comparator.comparingLong(Interval::startMs).thenComparingLong(Interval::endMs))
			.distinct()
			.toList();
		loudness = loudness.stream()
			.filter((l) -> l.atMs() >= 0 && l.atMs() <= durationMs && Double.isFinite(l.lufs()))
			.sorted(Comparator.comparingLong(LoudnessSample::atMs).thenComparingDouble(LoudnessSample::lufs))
			.toList();
	}

	/** Signals that know only the duration. */
	public static Signals durationOnly(long durationMs) {
		return new Signals(durationMs, List.of(), List.of(), List.of());
	}

}
