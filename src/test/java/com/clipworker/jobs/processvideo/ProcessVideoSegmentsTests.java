package com.clipworker.jobs.processvideo;

import java.util.List;

import com.clipworker.jobs.processvideo.ProcessVideoActivities.Segment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The segment plan of a long source's transcode: contiguous, covering the whole source,
 * with a tiny remainder folded into the last full segment instead of a step of its own.
 */
class ProcessVideoSegmentsTests {

	private static final long TWO_MINUTES = 120_000;

	@Test
	void sourceThreeSecondsOverOneSegmentIsOnePiece() {
		assertThat(ProcessVideoFunction.segments(123_000, TWO_MINUTES)).containsExactly(new Segment(0, 1, 0, 123_000));
	}

	@Test
	void remainderOfMilliSecondsJoinsTheLastFullSegment() {
		List<Segment> segments = ProcessVideoFunction.segments(600_022, TWO_MINUTES);
		assertThat(segments).hasSize(5);
		assertThat(segments.get(4)).isEqualTo(new Segment(4, 5, 480_000, 120_022));
	}

	@Test
	void remainderUnderAQuarterSegmentIsFolded() {
		assertThat(ProcessVideoFunction.segments(269_999, TWO_MINUTES))
			.containsExactly(new Segment(0, 2, 0, TWO_MINUTES), new Segment(1, 2, TWO_MINUTES, 149_999));
	}

	@Test
	void remainderOfAQuarterSegmentOrMoreIsItsOwnStep() {
		assertThat(ProcessVideoFunction.segments(270_000, TWO_MINUTES)).containsExactly(
				new Segment(0, 3, 0, TWO_MINUTES), new Segment(1, 3, TWO_MINUTES, TWO_MINUTES),
				new Segment(2, 3, 240_000, 30_000));
	}

	@Test
	void exactMultipleHasNoRemainder() {
		assertThat(ProcessVideoFunction.segments(240_000, TWO_MINUTES)).extracting(Segment::durationMs)
			.containsExactly(TWO_MINUTES, TWO_MINUTES);
	}

	@Test
	void everyPlanCoversTheSourceWithoutGapsAndWithinOneAndAQuarterSegments() {
		for (long duration = 1_000; duration <= 1_000_000; duration += 997) {
			List<Segment> segments = ProcessVideoFunction.segments(duration, TWO_MINUTES);
			long cursor = 0;
			for (Segment segment : segments) {
				assertThat(segment.startMs()).isEqualTo(cursor);
				assertThat(segment.count()).isEqualTo(segments.size());
				assertThat(segment.durationMs()).isLessThanOrEqualTo(TWO_MINUTES + TWO_MINUTES / 4);
				if (segments.size() > 1) {
					assertThat(segment.durationMs()).isGreaterThanOrEqualTo(TWO_MINUTES / 4);
				}
				cursor += segment.durationMs();
			}
			assertThat(cursor).as("covered of %d ms", duration).isEqualTo(duration);
		}
	}

}
