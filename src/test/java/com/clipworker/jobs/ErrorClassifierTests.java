package com.clipworker.jobs;

import java.time.Duration;

import com.clipworker.ai.ProviderUnavailableException;
import com.clipworker.inngest.RetryAfterError;
import com.clipworker.inngest.StepDeferral;
import com.clipworker.media.MediaBusyException;
import com.clipworker.media.ProcessKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retry classification of the two "come back later" failures: a full replica defers
 * the step (nothing was tried), a throttled provider retries it (it was).
 */
class ErrorClassifierTests {

	@Test
	void aFullReplicaDefersTheStepByTheDelayTheMediaEngineSuggests() {
		MediaBusyException busy = new MediaBusyException(ProcessKind.HEAVY, Duration.ofSeconds(60),
				Duration.ofSeconds(7));
		Exception classified = ErrorClassifier.classify(busy);
		assertThat(classified).isInstanceOf(StepDeferral.class).hasCause(busy).hasMessage(busy.getMessage());
		assertThat(((StepDeferral) classified).delay()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void aThrottledProviderIsARetryAfterItsDelayNotADeferral() {
		ProviderUnavailableException throttled = new ProviderUnavailableException("groq", "429", Duration.ofSeconds(12),
				null);
		Exception classified = ErrorClassifier.classify(throttled);
		assertThat(classified).isExactlyInstanceOf(RetryAfterError.class).hasCause(throttled);
		assertThat(((RetryAfterError) classified).retryAfter()).isEqualTo("12");
	}

}
