package com.clipworker.db;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressThrottleTests {

	private final MutableClock clock = new MutableClock();

	private final ProgressThrottle throttle = new ProgressThrottle(Duration.ofSeconds(1), this.clock);

	@Test
	void letsOneWritePerIntervalPerRowThrough() {
		assertThat(this.throttle.tryAcquire("videos/a", "transcode")).isTrue();
		assertThat(this.throttle.tryAcquire("videos/a", "transcode")).isFalse();
		this.clock.advance(Duration.ofMillis(999));
		assertThat(this.throttle.tryAcquire("videos/a", "transcode")).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.throttle.tryAcquire("videos/a", "transcode")).isTrue();
	}

	@Test
	void rowsAreThrottledApart() {
		assertThat(this.throttle.tryAcquire("videos/a", null)).isTrue();
		assertThat(this.throttle.tryAcquire("videos/b", null)).isTrue();
		assertThat(this.throttle.tryAcquire("videos/a", null)).isFalse();
	}

	@Test
	void aStageChangeAlwaysWrites() {
		assertThat(this.throttle.tryAcquire("videos/a", "probe")).isTrue();
		assertThat(this.throttle.tryAcquire("videos/a", "transcode")).isTrue();
		assertThat(this.throttle.tryAcquire("videos/a", "transcode")).isFalse();
	}

	@Test
	void aForgottenRowStartsAfresh() {
		assertThat(this.throttle.tryAcquire("videos/a", null)).isTrue();
		this.throttle.forget("videos/a");
		assertThat(this.throttle.tryAcquire("videos/a", null)).isTrue();
	}

}
