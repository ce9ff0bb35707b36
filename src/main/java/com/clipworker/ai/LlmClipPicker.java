package com.clipworker.ai;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks clips with an LLM: numbered sentences in, sentence indices out, strict parsing
 * and validation. A malformed answer (bad JSON, a missing field, an index that does not
 * exist, or no clip that survives validation) is sent back once with the problem
 * appended; a second malformed answer is replaced by the heuristic's, with a warning for
 * the row. Failures of the call itself (throttling, 5xx, a bad key) propagate so the step
 * is retried or failed as they say.
 */
final class LlmClipPicker implements ClipPicker {

	private static final Logger logger = LoggerFactory.getLogger(LlmClipPicker.class);

	private final LlmClient client;

	private final AnswerParser parser;

	private final ClipValidator validator;

	private final HeuristicPicker heuristic;

	LlmClipPicker(LlmClient client, AnswerParser parser, ClipValidator validator, HeuristicPicker heuristic) {
		this.client = client;
		this.parser = parser;
		this.validator = validator;
		this.heuristic = heuristic;
	}

	String provider() {
		return this.client.provider();
	}

	String model() {
		return this.client.model();
	}

	@Override
	public PickResult pick(Transcript transcript, Signals signals, PickSettings settings) {
		List<Sentence> sentences = Sentences.of(transcript);
		if (sentences.isEmpty()) {
			return fallback(transcript, signals, settings, "the transcript has no words");
		}
		String language = (settings.language() != null) ? settings.language()
				: (transcript.language() != null) ? transcript.language() : "en";
		ClipPrompt prompt = ClipPrompt.of(sentences, settings, language);
		String answer = "";
		String problem;
		try {
			answer = this.client.complete(prompt, List.of());
			return accept(answer, sentences, transcript, signals, settings);
		}
		catch (MalformedAnswerException ex) {
			problem = ex.getMessage();
			logger.info("{} answered malformed clips, asking once more: {}", provider(), problem);
		}
		catch (ProviderRejectedException ex) {
			if (ex.status() != 413) {
				throw ex;
			}
			logger.warn("The transcript is too long for {} {}, using the heuristic", provider(), model());
			return fallback(transcript, signals, settings, "the transcript is too long for the model (HTTP 413)");
		}
		List<LlmClient.Turn> retry = answer.isBlank()
				? List.of(new LlmClient.Turn(false, ClipPrompt.correction(problem)))
				: List.of(new LlmClient.Turn(true, answer), new LlmClient.Turn(false, ClipPrompt.correction(problem)));
		try {
			return accept(this.client.complete(prompt, retry), sentences, transcript, signals, settings);
		}
		catch (MalformedAnswerException ex) {
			logger.warn("{} answered malformed clips twice, using the heuristic: {}", provider(), ex.getMessage());
			return fallback(transcript, signals, settings, ex.getMessage());
		}
	}

	private PickResult accept(String answer, List<Sentence> sentences, Transcript transcript, Signals signals,
			PickSettings settings) {
		List<ClipCandidate> proposed = this.parser.parse(provider(), answer, sentences);
		ClipValidator.Validation validation = this.validator.validate(proposed, transcript, signals, settings);
		if (validation.clips().isEmpty()) {
			throw new MalformedAnswerException(provider(), proposed.isEmpty() ? "the answer has no clips"
					: "no clip passed validation: " + String.join("; ", validation.dropped()));
		}
		if (!validation.dropped().isEmpty()) {
			logger.debug("{} clips dropped: {}", provider(), validation.dropped());
		}
		return new PickResult(validation.clips(), provider(), model(), null);
	}

	private PickResult fallback(Transcript transcript, Signals signals, PickSettings settings, String why) {
		PickResult heuristic = this.heuristic.pick(transcript, signals, settings);
		return new PickResult(heuristic.clips(), HeuristicPicker.NAME, HeuristicPicker.NAME,
				"Clips picked by the heuristic instead of " + provider() + " " + model() + ": " + why);
	}

}
