package com.clipworker.inngest;

import java.time.Duration;

/** Durations in the time-string form Inngest reads ({@code 1h2m3s}, {@code 500ms}). */
final class Durations {

	private Durations() {
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis == 0) {
			return "0s";
		}
		if (millis % 1000 != 0) {
			return millis + "ms";
		}
		long seconds = millis / 1000;
		StringBuilder out = new StringBuilder();
		long hours = seconds / 3600;
		long minutes = (seconds % 3600) / 60;
		long rest = seconds % 60;
		if (hours > 0) {
			out.append(hours).append('h');
		}
		if (minutes > 0) {
			out.append(minutes).append('m');
		}
		if (rest > 0) {
			out.append(rest).append('s');
		}
		return out.toString();
	}

}
