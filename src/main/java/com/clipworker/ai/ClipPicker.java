package com.clipworker.ai;

/**
 * Chooses the clips of a video. The bean the worker wires is the LLM picker of the
 * configured provider (behind the result cache, falling back to the heuristic on a
 * malformed answer) or, with no key, the {@link HeuristicPicker}.
 */
public interface ClipPicker {

	/**
	 * Picks clips.
	 * @param transcript the transcript (may have no words: then only signals count)
	 * @param signals the video's measured signals
	 * @param settings count and duration bounds
	 * @return validated clips, best first, with the provider and any warning for the row
	 * @throws AiException when the provider fails (not when it answers badly: that falls
	 * back to the heuristic)
	 */
	PickResult pick(Transcript transcript, Signals signals, PickSettings settings);

}
