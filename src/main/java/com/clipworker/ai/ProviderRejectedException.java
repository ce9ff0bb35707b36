package com.clipworker.ai;

/**
 * The provider refused the request for a reason that retrying cannot fix: a bad request
 * (400), a bad or missing key (401), no permission (403), an unknown model (404).
 */
public class ProviderRejectedException extends AiException {

	private final int status;

	public ProviderRejectedException(String provider, int status, String reason) {
		super(provider + " rejected the request (HTTP " + status + "): " + reason, false, null, null);
		this.status = status;
	}

	public int status() {
		return this.status;
	}

}
