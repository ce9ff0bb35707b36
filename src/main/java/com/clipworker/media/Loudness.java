package com.clipworker.media;

import java.util.List;

/**
 * EBU R128 loudness of a source.
 *
 * @param integratedLufs integrated loudness
 * @param rangeLu loudness range
 * @param truePeakDbfs true peak
 * @param samples momentary and short-term loudness once per second
 */
public record Loudness(double integratedLufs, double rangeLu, double truePeakDbfs, List<Sample> samples) {

	public Loudness {
		samples = List.copyOf(samples);
	}

	/**
	 * Loudness at one time.
	 *
	 * @param timeMs time in the source
	 * @param momentaryLufs momentary (400 ms) loudness
	 * @param shortTermLufs short-term (3 s) loudness
	 */
	public record Sample(long timeMs, double momentaryLufs, double shortTermLufs) {
	}

}
