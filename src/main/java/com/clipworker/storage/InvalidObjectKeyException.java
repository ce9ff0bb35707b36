package com.clipworker.storage;

/** A key or prefix outside the worker's key scheme; refused before any I/O. */
public class InvalidObjectKeyException extends StorageException {

	private final String key;

	public InvalidObjectKeyException(String key, String reason) {
		super("Object key '" + printable(key) + "' is not allowed: " + reason);
		this.key = key;
	}

	public String key() {
		return this.key;
	}

	@Override
	public boolean retriable() {
		return false;
	}

	private static String printable(String key) {
		StringBuilder out = new StringBuilder();
		String shown = (key.length() > 120) ? key.substring(0, 120) + "…" : key;
		for (char c : shown.toCharArray()) {
			if (Character.isISOControl(c)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
