package com.clipworker.download;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One URL the downloader may request, parsed once with one parser ({@link URI}) whose
 * host is the host that is checked, resolved and sent. Messages use {@link #redacted()}:
 * scheme, host and port only, never the path, query or user info.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the lower-case host without a trailing dot (IPv6 without brackets)
 * @param port the port, explicit or the scheme's default
 * @param requestTarget the raw path and query to send
 * @param literal the address when the host is an IP literal, else {@code null}
 */
record DownloadTarget(String scheme, String host, int port, String requestTarget, @Nullable InetAddress literal) {

	private static final Pattern NUMERIC_LABEL = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");

	private static final Pattern CANONICAL_IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private static final Pattern DNS_NAME = Pattern
		.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

	static final int MAX_URL_LENGTH = 2048;

	/**
	 * Parses a URL and checks everything that can be checked without the network.
	 * @param url the URL as given
	 * @return the target
	 * @throws DownloadRejectedException when the URL is not an acceptable http(s) URL
	 */
	static DownloadTarget parse(String url) {
		if (url.length() > MAX_URL_LENGTH) {
			throw new DownloadRejectedException("(too long to show)", "URL is longer than " + MAX_URL_LENGTH);
		}
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException ex) {
			throw new DownloadRejectedException("(unparseable)", "not a valid URL");
		}
		return of(uri);
	}

	/**
	 * The target a redirect's {@code Location} names, resolved against this one.
	 * @param location the header value
	 * @return the next target
	 * @throws DownloadRejectedException when the location is not acceptable
	 */
	DownloadTarget redirect(String location) {
		URI next;
		try {
			next = toUri().resolve(new URI(location.trim()));
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			throw new DownloadRejectedException(redacted(), "redirect to an invalid URL");
		}
		try {
			return of(next);
		}
		catch (DownloadRejectedException ex) {
			throw new DownloadRejectedException(redacted(), "redirect refused: " + ex.reason());
		}
	}

	private static DownloadTarget of(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new DownloadRejectedException(scheme.isEmpty() ? "(no scheme)" : scheme + ":",
					"only http and https URLs are allowed");
		}
		if (uri.isOpaque()) {
			throw new DownloadRejectedException(scheme + ":", "not a hierarchical URL");
		}
		String rawHost = uri.getHost();
		if (rawHost == null || rawHost.isEmpty()) {
			throw new DownloadRejectedException(scheme + "://", "no valid host name");
		}
		int port = (uri.getPort() != -1) ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
		String host = rawHost.toLowerCase(Locale.ROOT);
		String shown = scheme + "://" + host + ((uri.getPort() != -1) ? ":" + port : "");
		if (uri.getRawUserInfo() != null) {
			throw new DownloadRejectedException(shown, "URLs with credentials are not allowed");
		}
		InetAddress literal = null;
		if (host.startsWith("[")) {
			String inner = host.substring(1, host.length() - 1);
			if (inner.contains("%")) {
				throw new DownloadRejectedException(shown, "IPv6 zone ids are not allowed");
			}
			literal = parseLiteral(shown, inner);
			if (literal.getAddress().length == 4) {
				// The JDK turns ::ffff:a.b.c.d into the IPv4 address it carries.
				throw new DownloadRejectedException(shown, "IPv4-mapped IPv6 addresses are not allowed");
			}
			host = inner;
		}
		else {
			if (host.endsWith(".")) {
				host = host.substring(0, host.length() - 1);
			}
			checkName(shown, host);
			if (CANONICAL_IPV4.matcher(host).matches()) {
				literal = parseLiteral(shown, host);
			}
		}
		String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
		String requestTarget = (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
		return new DownloadTarget(scheme, host, port, requestTarget, literal);
	}

	private static void checkName(String shown, String host) {
		if (host.isEmpty()) {
			throw new DownloadRejectedException(shown, "no valid host name");
		}
		String last = host.substring(host.lastIndexOf('.') + 1);
		if (NUMERIC_LABEL.matcher(last).matches() && !CANONICAL_IPV4.matcher(host).matches()) {
			// 2130706433, 127.1, 0177.0.0.1, 0x7f.1: resolvers read these differently;
			// only the dotted-decimal form is unambiguous.
			throw new DownloadRejectedException(shown, "numeric host in a non-standard form");
		}
		if (!DNS_NAME.matcher(host).matches() && !CANONICAL_IPV4.matcher(host).matches()) {
			throw new DownloadRejectedException(shown, "host is not a valid DNS name");
		}
		if (host.equals("localhost") || host.endsWith(".localhost") || host.equals("internal")
				|| host.endsWith(".internal") || host.endsWith(".local") || host.endsWith(".localdomain")
				|| host.endsWith(".home.arpa") || !host.contains(".")) {
			throw new DownloadRejectedException(shown, "host name is internal or unqualified");
		}
	}

	private static InetAddress parseLiteral(String shown, String text) {
		try {
			// A literal (checked by the caller): parsed without a DNS query.
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			throw new DownloadRejectedException(shown, "invalid IP address");
		}
	}

	/** The URL to show in messages and logs: scheme, host and port, nothing else. */
	String redacted() {
		String shownHost = this.host.contains(":") ? "[" + this.host + "]" : this.host;
		boolean defaultPort = (this.scheme.equals("https") && this.port == 443)
				|| (this.scheme.equals("http") && this.port == 80);
		return this.scheme + "://" + shownHost + (defaultPort ? "" : ":" + this.port);
	}

	/** The {@code Host} header. */
	String hostHeader() {
		return redacted().substring(this.scheme.length() + 3);
	}

	boolean https() {
		return this.scheme.equals("https");
	}

	/** A key that identifies the target for loop detection. */
	String key() {
		return redacted() + this.requestTarget;
	}

	private URI toUri() {
		return URI.create(redacted() + this.requestTarget);
	}

}
