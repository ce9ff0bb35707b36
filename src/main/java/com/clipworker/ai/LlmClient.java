package com.clipworker.ai;

import java.util.List;

/** One chat-style model that answers a {@link ClipPrompt} with JSON text. */
interface LlmClient {

	String provider();

	String model();

	/**
	 * Asks the model.
	 * @param prompt the prompt
	 * @param retry the previous answer and what was wrong with it, empty on the first try
	 * @return the answer's JSON text
	 * @throws MalformedAnswerException when the answer is cut short, blocked or refused
	 * by the provider's own schema check
	 * @throws AiException when the call fails
	 */
	String complete(ClipPrompt prompt, List<Turn> retry);

	/**
	 * A turn of a retry: the model's previous answer, then the correction.
	 *
	 * @param fromModel whether the model said it
	 * @param text what was said
	 */
	record Turn(boolean fromModel, String text) {
	}

}
