package com.clipworker.media;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress parsing and the bounded stderr tail. */
class ProcessRunnerTests {

	@Test
	void progressIsTheFractionOfExpectedDurationAndEndsAtOne() {
		List<Double> fractions = new ArrayList<>();
		ProcessRunner.ProgressParser parser = new ProcessRunner.ProgressParser(2000, fractions::add);
		List.of("frame=10", "out_time_us=500000", "progress=continue", "out_time_us=N/A", "out_time_us=1500000",
				"out_time_us=1400000", "out_time_us=9000000", "progress=end")
			.forEach(parser);
		assertThat(fractions).containsExactly(0.25, 0.75, 0.999, 1.0);
	}

	@Test
	void tailKeepsTheLastLines() {
		ProcessRunner.Tail tail = new ProcessRunner.Tail();
		for (int i = 0; i < 100; i++) {
			tail.add("line " + i);
		}
		assertThat(tail.toString()).startsWith("line 60").endsWith("line 99").doesNotContain("line 59\n");
	}

	@Test
	void programNameIsTheFileNameOnly() {
		assertThat(ProcessRunner.programName(List.of("/usr/bin/ffmpeg", "-i", "secret-path"))).isEqualTo("ffmpeg");
	}

}
