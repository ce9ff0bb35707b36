package com.clipworker.ai;

/**
 * A model's answer did not parse or did not pass validation. The message says what was
 * wrong in words the model can act on; the picker sends it back once before falling back
 * to the heuristic.
 */
public class MalformedAnswerException extends AiException {

	public MalformedAnswerException(String provider, String problem) {
		super(provider + " answered with malformed clips: " + problem, true, null, null);
	}

	public MalformedAnswerException(String provider, String problem, Throwable cause) {
		super(provider + " answered with malformed clips: " + problem, true, null, cause);
	}

}
