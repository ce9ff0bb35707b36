package com.clipworker.storage;

/** The object does not exist. Not retriable: the key came from a row or an event. */
public class ObjectNotFoundException extends StorageException {

	private final String key;

	public ObjectNotFoundException(String key) {
		super("No object at '" + key + "'");
		this.key = key;
	}

	public String key() {
		return this.key;
	}

	@Override
	public boolean retriable() {
		return false;
	}

}
