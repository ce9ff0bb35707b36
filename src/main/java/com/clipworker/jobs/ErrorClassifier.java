package com.clipworker.jobs;

import java.util.concurrent.Callable;

import com.clipworker.ai.AiException;
import com.clipworker.db.DatabaseException;
import com.clipworker.download.DownloadException;
import com.clipworker.events.EventException;
import com.clipworker.inngest.InngestException;
import com.clipworker.inngest.NonRetriableError;
import com.clipworker.inngest.RetryAfterError;
import com.clipworker.inngest.StepContext;
import com.clipworker.inngest.StepDeferral;
import com.clipworker.inngest.StepMiddleware;
import com.clipworker.media.MediaBusyException;
import com.clipworker.media.MediaException;
import com.clipworker.storage.StorageException;
import org.jspecify.annotations.Nullable;

/**
 * Maps what the capabilities throw onto Inngest's retry classification, in one place,
 * around every step: bad input (a rejected video, an unknown preset, a refused URL, a
 * provider that rejects the request) fails the step for good with its reason; a full
 * replica defers the step (it comes back after the delay the media engine suggests,
 * without using an attempt: nothing was tried); a throttled provider retries after the
 * delay it suggests (a real attempt); everything else propagates and is retried.
 */
class ErrorClassifier implements StepMiddleware {

	@Override
	public @Nullable Object around(StepContext step, Callable<?> body) throws Exception {
		try {
			return body.call();
		}
		catch (InngestException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw classify(ex);
		}
	}

	/**
	 * The exception Inngest should see for a failure.
	 * @param failure what a capability threw
	 * @return a {@link NonRetriableError}, a {@link StepDeferral}, a
	 * {@link RetryAfterError}, or the failure itself (retried)
	 */
	static Exception classify(Exception failure) {
		if (failure instanceof MediaBusyException busy) {
			return new StepDeferral(busy.getMessage(), busy.retryAfter(), busy);
		}
		if (failure instanceof AiException ai && ai.retryAfter().isPresent()) {
			return new RetryAfterError(ai.getMessage(), ai.retryAfter().get(), ai);
		}
		if (!retriable(failure)) {
			return new NonRetriableError(failure.getMessage(), failure);
		}
		return failure;
	}

	private static boolean retriable(Exception failure) {
		return switch (failure) {
			case MediaException media -> media.retriable();
			case AiException ai -> ai.retriable();
			case StorageException storage -> storage.retriable();
			case DatabaseException database -> database.retriable();
			case DownloadException download -> download.retriable();
			case EventException event -> event.retriable();
			case JobInputException input -> false;
			default -> true;
		};
	}

}
