package com.clipworker.inngest;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An answer of the serve endpoint.
 *
 * @param status the HTTP status
 * @param headers the headers (the SDK headers always among them)
 * @param body the body bytes (JSON)
 */
public record InngestResponse(int status, Map<String, String> headers, byte[] body) {

	/** The body as text. */
	public String bodyText() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

}
