package com.clipworker.inngest;

import java.io.IOException;
import java.io.InputStream;

import org.jspecify.annotations.Nullable;

/** An HTTP request to the serve endpoint, as the handler reads it. */
public interface InngestRequest {

	String method();

	/** The request URL without its query string. */
	String url();

	@Nullable String header(String name);

	@Nullable String query(String name);

	/** The declared body length, or -1 when unknown (chunked). */
	long contentLength();

	InputStream body() throws IOException;

}
