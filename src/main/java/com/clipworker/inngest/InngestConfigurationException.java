package com.clipworker.inngest;

/**
 * The Inngest configuration or a function declaration is invalid; raised at start-up with
 * a message naming the variable, the function and the rule.
 */
public class InngestConfigurationException extends InngestException {

	public InngestConfigurationException(String message) {
		super(message, null, false);
	}

}
