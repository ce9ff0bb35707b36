package com.clipworker.events;

import java.util.List;

/** An export preset or caption style id that the contract does not define. */
public class UnknownIdentifierException extends EventException {

	public UnknownIdentifierException(String kind, String id, List<String> known) {
		super("unknown " + kind + " '" + shorten(id) + "' (known: " + String.join(", ", known) + ")");
	}

	private static String shorten(String id) {
		String printable = id.replaceAll("[^\\x20-\\x7e]", "?");
		return (printable.length() > 40) ? printable.substring(0, 40) + "..." : printable;
	}

}
