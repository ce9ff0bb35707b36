package com.clipworker.download;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import com.clipworker.files.DiskSpace;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a user-supplied http(s) URL to a file through the SSRF guard.
 * <p>
 * Every hop (the URL and each redirect) is parsed once; its scheme, port and host name
 * are checked; a host name is resolved once through the {@link HostResolver}; every
 * resolved address must pass the {@link AddressPolicy}; and the {@link Dialer} connects
 * to exactly one of those checked addresses, so a resolver that answers differently a
 * second time is never asked again. The request is a minimal HTTP/1.1 {@code GET} with
 * {@code Connection: close}; TLS is layered on the connected socket with host-name
 * verification. Redirects are followed by hand, at most
 * {@code clipworker.download.max-redirects}. The body is streamed to
 * {@code <target>.part} and counted while reading (the {@code Content-Length} only ever
 * shortens a read, never lengthens the limit); on success it is moved to the target, on
 * any failure it is deleted.
 */
public final class UrlDownloader {

	private static final Logger logger = LoggerFactory.getLogger(UrlDownloader.class);

	private static final int BUFFER_SIZE = 64 * 1024;

	private final DownloadProperties properties;

	private final AddressPolicy policy;

	private final HostResolver resolver;

	private final Dialer dialer;

	private final SSLSocketFactory tlsSockets;

	public UrlDownloader(DownloadProperties properties, HostResolver resolver, Dialer dialer,
			SSLSocketFactory tlsSockets) {
		this.properties = properties;
		this.policy = new AddressPolicy(properties.testOnlyAllowedBlocks());
		this.resolver = resolver;
		this.dialer = dialer;
		this.tlsSockets = tlsSockets;
		if (!properties.testOnlyAllowedNetworks().isEmpty()) {
			logger.warn("URL import exempts {} from the SSRF deny-list: a test-only setting",
					properties.testOnlyAllowedNetworks());
		}
	}

	/**
	 * Checks a URL without touching the network: scheme, port and host name form. Useful
	 * to reject an event before any step runs.
	 * @param url the URL
	 * @throws DownloadRejectedException when the URL can never be downloaded
	 */
	public void check(String url) {
		DownloadTarget target = DownloadTarget.parse(url);
		checkPort(target);
		if (target.literal() != null) {
			checkAddress(target, target.literal());
		}
	}

	/**
	 * Downloads the URL to the target file, replacing it if present.
	 * @param url the user-supplied URL
	 * @param target the file to write; its parent must exist
	 * @return what was downloaded
	 * @throws DownloadException when the URL is refused or the download fails; see
	 * {@link DownloadException#retriable()}
	 */
	public Download download(String url, Path target) {
		Path part = target.resolveSibling(target.getFileName() + ".part");
		long deadline = System.nanoTime() + this.properties.totalTimeout().toNanos();
		boolean done = false;
		try {
			Download download = fetch(DownloadTarget.parse(url), part, deadline);
			Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			done = true;
			return new Download(target, download.size(), download.contentType(), download.redirects());
		}
		catch (IOException ex) {
			throw new DownloadConnectionException("(local file)", "could not write the file: " + describe(ex, part),
					ex);
		}
		finally {
			if (!done) {
				deleteQuietly(part);
			}
		}
	}

	private Download fetch(DownloadTarget first, Path part, long deadline) {
		Set<String> seen = new HashSet<>();
		seen.add(first.key());
		DownloadTarget current = first;
		for (int redirects = 0;; redirects++) {
			List<InetAddress> addresses = checkHop(current, redirects > 0);
			try (Exchange exchange = open(current, addresses, deadline)) {
				int status = exchange.head().status();
				if (isRedirect(status)) {
					String location = header(current, exchange.head(), "location");
					if (location == null) {
						throw new DownloadProtocolException(current.redacted(), "redirect without a Location");
					}
					if (redirects == this.properties.maxRedirects()) {
						throw new DownloadRejectedException(current.redacted(),
								"more than " + this.properties.maxRedirects() + " redirects");
					}
					DownloadTarget next = current.redirect(location);
					if (!seen.add(next.key())) {
						throw new DownloadRejectedException(current.redacted(), "redirect loop");
					}
					current = next;
					continue;
				}
				if (status != 200) {
					throw new DownloadStatusException(current.redacted(), status);
				}
				long size = copyBody(current, exchange, part);
				logger.info("Downloaded {} bytes from {} after {} redirect(s)", size, current.redacted(), redirects);
				return new Download(part, size, contentType(current, exchange.head()), redirects);
			}
			catch (BodyStreams.DeadlineExceededException ex) {
				throw new DownloadTimeoutException(current.redacted(), "download", this.properties.totalTimeout());
			}
			catch (SocketTimeoutException ex) {
				throw new DownloadTimeoutException(current.redacted(), "waiting for data",
						this.properties.readTimeout());
			}
			catch (SSLException ex) {
				throw new DownloadProtocolException(current.redacted(), "TLS failed: " + ex.getMessage(), ex);
			}
			catch (HttpResponseHead.MalformedResponseException ex) {
				throw new DownloadProtocolException(current.redacted(), ex.getMessage(), ex);
			}
			catch (IOException ex) {
				throw new DownloadConnectionException(current.redacted(), describe(ex, part), ex);
			}
		}
	}

	private List<InetAddress> checkHop(DownloadTarget target, boolean redirected) {
		try {
			checkPort(target);
			return addresses(target);
		}
		catch (DownloadRejectedException ex) {
			if (!redirected) {
				throw ex;
			}
			throw new DownloadRejectedException(target.redacted(), "redirect refused: " + ex.reason());
		}
	}

	private void checkPort(DownloadTarget target) {
		if (!this.properties.allowedPorts().contains(target.port())) {
			throw new DownloadRejectedException(target.redacted(),
					"port " + target.port() + " is not allowed (allowed: " + this.properties.allowedPorts() + ")");
		}
	}

	private void checkAddress(DownloadTarget target, InetAddress address) {
		Optional<String> denial = this.policy.denial(address);
		if (denial.isPresent()) {
			throw new DownloadRejectedException(target.redacted(), denial.get());
		}
	}

	/** Resolves once and checks every answer; any denied answer rejects the host. */
	private List<InetAddress> addresses(DownloadTarget target) {
		InetAddress literal = target.literal();
		List<InetAddress> addresses;
		if (literal != null) {
			addresses = List.of(literal);
		}
		else {
			try {
				addresses = List.copyOf(this.resolver.resolve(target.host()));
			}
			catch (UnknownHostException ex) {
				throw new DownloadRejectedException(target.redacted(), "host name does not resolve");
			}
			if (addresses.isEmpty()) {
				throw new DownloadRejectedException(target.redacted(), "host name does not resolve");
			}
		}
		for (InetAddress address : addresses) {
			checkAddress(target, address);
		}
		return addresses;
	}

	private Exchange open(DownloadTarget target, List<InetAddress> addresses, long deadline) throws IOException {
		Socket socket = connect(target, addresses, deadline);
		try {
			int readTimeout = (int) Math.max(1, this.properties.readTimeout().toMillis());
			if (target.https()) {
				socket = startTls(target, socket, deadline, readTimeout);
			}
			OutputStream out = socket.getOutputStream();
			out.write(request(target));
			out.flush();
			InputStream in = new BufferedInputStream(new BodyStreams.DeadlineInputStream(socket, deadline, readTimeout),
					BUFFER_SIZE);
			return new Exchange(socket, in, HttpResponseHead.read(in));
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(socket);
			throw ex;
		}
	}

	private Socket connect(DownloadTarget target, List<InetAddress> addresses, long deadline) throws IOException {
		IOException failure = null;
		for (InetAddress address : addresses) {
			long remaining = (deadline - System.nanoTime()) / 1_000_000;
			if (remaining <= 0) {
				throw new BodyStreams.DeadlineExceededException();
			}
			Duration timeout = Duration.ofMillis(Math.min(this.properties.connectTimeout().toMillis(), remaining));
			try {
				return this.dialer.connect(new InetSocketAddress(address, target.port()), timeout);
			}
			catch (SocketTimeoutException ex) {
				failure = new SocketTimeoutException("connect timed out");
			}
			catch (IOException ex) {
				failure = ex;
			}
		}
		if (failure instanceof SocketTimeoutException) {
			throw new DownloadTimeoutException(target.redacted(), "connecting", this.properties.connectTimeout());
		}
		throw (failure != null) ? failure : new ConnectException("no address to connect to");
	}

	private Socket startTls(DownloadTarget target, Socket plain, long deadline, int readTimeout) throws IOException {
		SSLSocket tls = (SSLSocket) this.tlsSockets.createSocket(plain, target.host(), target.port(), true);
		SSLParameters parameters = tls.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		if (target.literal() == null) {
			parameters.setServerNames(List.of(new SNIHostName(target.host())));
		}
		tls.setSSLParameters(parameters);
		long remaining = (deadline - System.nanoTime()) / 1_000_000;
		if (remaining <= 0) {
			throw new BodyStreams.DeadlineExceededException();
		}
		tls.setSoTimeout((int) Math.max(1, Math.min(readTimeout, remaining)));
		tls.startHandshake();
		return tls;
	}

	private static byte[] request(DownloadTarget target) {
		String request = "GET " + target.requestTarget() + " HTTP/1.1\r\n" + "Host: " + target.hostHeader() + "\r\n"
				+ "User-Agent: clipworker-url-import\r\n" + "Accept: */*\r\n" + "Accept-Encoding: identity\r\n"
				+ "Connection: close\r\n\r\n";
		return request.getBytes(StandardCharsets.US_ASCII);
	}

	private long copyBody(DownloadTarget target, Exchange exchange, Path part) throws IOException {
		long limit = this.properties.maxSize().toBytes();
		InputStream body = body(target, exchange, limit);
		long total = 0;
		byte[] buffer = new byte[BUFFER_SIZE];
		try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
			while (true) {
				int n = body.read(buffer, 0, (int) Math.min(buffer.length, limit - total + 1));
				if (n == -1) {
					return total;
				}
				total += n;
				if (total > limit) {
					throw new DownloadTooLargeException(target.redacted(), limit);
				}
				out.write(buffer, 0, n);
			}
		}
	}

	private InputStream body(DownloadTarget target, Exchange exchange, long limit) {
		HttpResponseHead head = exchange.head();
		String encoding = header(target, head, "transfer-encoding");
		if (encoding != null) {
			if (!encoding.toLowerCase(Locale.ROOT).equals("chunked")) {
				throw new DownloadProtocolException(target.redacted(), "unsupported Transfer-Encoding");
			}
			return new BodyStreams.ChunkedInputStream(exchange.in());
		}
		String length = header(target, head, "content-length");
		if (length != null) {
			long announced;
			try {
				announced = Long.parseLong(length);
			}
			catch (NumberFormatException ex) {
				announced = -1;
			}
			if (announced < 0 || !length.chars().allMatch(Character::isDigit)) {
				throw new DownloadProtocolException(target.redacted(), "malformed Content-Length");
			}
			if (announced > limit) {
				throw new DownloadTooLargeException(target.redacted(), limit);
			}
			return new BodyStreams.FixedLengthInputStream(exchange.in(), announced);
		}
		return exchange.in();
	}

	private static @Nullable String header(DownloadTarget target, HttpResponseHead head, String name) {
		try {
			return head.header(name);
		}
		catch (HttpResponseHead.MalformedResponseException ex) {
			throw new DownloadProtocolException(target.redacted(), ex.getMessage());
		}
	}

	private static @Nullable String contentType(DownloadTarget target, HttpResponseHead head) {
		String type = header(target, head, "content-type");
		return (type != null && type.length() > 200) ? type.substring(0, 200) : type;
	}

	private static boolean isRedirect(int status) {
		return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
	}

	private static String describe(IOException ex, Path part) {
		if (DiskSpace.isFull(ex)) {
			return "the disk under " + part.getParent() + " is full (" + DiskSpace.describeFree(part.getParent()) + ")";
		}
		if (ex instanceof ConnectException) {
			return "connection refused";
		}
		String message = ex.getMessage();
		String name = ex.getClass().getSimpleName();
		return (message != null) ? name + ": " + message : name;
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.warn("Could not delete partial download {}", file, ex);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the download connection failed", ex);
		}
	}

	private record Exchange(Socket socket, InputStream in, HttpResponseHead head) implements AutoCloseable {

		@Override
		public void close() {
			closeQuietly(this.socket);
		}

	}

}
