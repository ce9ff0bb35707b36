package com.clipworker.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The status line and headers of an HTTP/1.1 answer, read with hard limits on line
 * length, header count and total size.
 *
 * @param status the status code
 * @param headers the headers in order, names in lower case
 */
record HttpResponseHead(int status, List<Header> headers) {

	static final int MAX_LINE = 8 * 1024;

	static final int MAX_HEADERS = 100;

	static final int MAX_HEAD_BYTES = 64 * 1024;

	record Header(String name, String value) {
	}

	/**
	 * Reads one answer's head, skipping interim {@code 1xx} answers.
	 * @param in the connection's input
	 * @return the head
	 * @throws IOException when the connection fails
	 * @throws MalformedResponseException when the bytes are not an acceptable head
	 */
	static HttpResponseHead read(InputStream in) throws IOException {
		int budget = MAX_HEAD_BYTES;
		while (true) {
			String statusLine = readLine(in, budget);
			budget -= statusLine.length() + 2;
			int status = parseStatus(statusLine);
			List<Header> headers = new ArrayList<>();
			while (true) {
				String line = readLine(in, budget);
				budget -= line.length() + 2;
				if (line.isEmpty()) {
					break;
				}
				if (headers.size() == MAX_HEADERS) {
					throw new MalformedResponseException("more than " + MAX_HEADERS + " headers");
				}
				int colon = line.indexOf(':');
				if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
					throw new MalformedResponseException("malformed header line");
				}
				headers.add(new Header(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
						line.substring(colon + 1).trim()));
			}
			if (status >= 200 || status == 101) {
				return new HttpResponseHead(status, List.copyOf(headers));
			}
		}
	}

	private static int parseStatus(String line) {
		if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
			throw new MalformedResponseException("not an HTTP/1.x status line");
		}
		String code = line.substring(9, 12);
		if (!code.chars().allMatch(Character::isDigit) || (line.length() > 12 && line.charAt(12) != ' ')) {
			throw new MalformedResponseException("malformed status code");
		}
		return Integer.parseInt(code);
	}

	/**
	 * Reads a line ended by CRLF (or a bare LF), as ISO-8859-1.
	 * @param in the input
	 * @param budget the most bytes the line may take
	 * @return the line without its ending
	 * @throws IOException when the connection fails or ends mid-line
	 */
	static String readLine(InputStream in, int budget) throws IOException {
		int limit = Math.min(MAX_LINE, budget);
		byte[] line = new byte[Math.max(limit, 0)];
		int length = 0;
		while (true) {
			int b = in.read();
			if (b == -1) {
				throw new java.io.EOFException("connection closed in the middle of the answer's head");
			}
			if (b == '\n') {
				if (length > 0 && line[length - 1] == '\r') {
					length--;
				}
				return new String(line, 0, length, StandardCharsets.ISO_8859_1);
			}
			if (length == limit) {
				throw new MalformedResponseException("answer head line or headers too long");
			}
			line[length++] = (byte) b;
		}
	}

	/**
	 * The single value of a header.
	 * @param name the lower-case name
	 * @return the value, or {@code null} when absent
	 * @throws MalformedResponseException when the header is repeated with different
	 * values
	 */
	@Nullable String header(String name) {
		String found = null;
		for (Header header : this.headers) {
			if (header.name().equals(name)) {
				if (found != null && !found.equals(header.value())) {
					throw new MalformedResponseException("conflicting " + name + " headers");
				}
				found = header.value();
			}
		}
		return found;
	}

	/** The answer's bytes do not form an acceptable HTTP/1.1 message. */
	static final class MalformedResponseException extends RuntimeException {

		MalformedResponseException(String message) {
			super(message);
		}

	}

}
