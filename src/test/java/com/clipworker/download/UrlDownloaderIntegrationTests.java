package com.clipworker.download;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The downloader against real HTTP servers on 127.0.0.1 (reliability S2 to S4): the JDK's
 * HTTP server for well-formed answers and a raw scripted server for lies, loops and
 * stalls. The loopback address is opened with the test-only allow-list; the recording
 * dialer shows which addresses were dialled and never leaves loopback.
 */
class UrlDownloaderIntegrationTests {

	private static final byte[] BODY = "not really a video, but bytes all the same".repeat(1000)
		.getBytes(StandardCharsets.US_ASCII);

	@TempDir
	Path dir;

	private HttpServer http;

	private ScriptedServer scripted;

	private final RecordingResolver resolver = new RecordingResolver();

	private final RecordingDialer dialer = new RecordingDialer();

	@BeforeEach
	void startServers() throws IOException {
		this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.http.createContext("/fixed.mp4", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "video/mp4");
			exchange.sendResponseHeaders(200, BODY.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(BODY);
			}
		});
		this.http.createContext("/chunked.mp4", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < BODY.length; i += 1000) {
					out.write(BODY, i, Math.min(1000, BODY.length - i));
					out.flush();
				}
			}
		});
		this.http.createContext("/endless", (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			byte[] block = new byte[64 * 1024];
			try (OutputStream out = exchange.getResponseBody()) {
				while (true) {
					out.write(block);
				}
			}
			catch (IOException ex) {
				// the client stopped reading
			}
		});
		this.http.createContext("/redirect", (exchange) -> {
			exchange.getResponseHeaders().add("Location", "/fixed.mp4");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		this.http.createContext("/unavailable", (exchange) -> {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		this.http.createContext("/missing", (exchange) -> {
			exchange.sendResponseHeaders(404, -1);
			exchange.close();
		});
		this.http.start();
		this.scripted = new ScriptedServer();
	}

	@AfterEach
	void stopServers() throws IOException {
		this.http.stop(0);
		this.scripted.close();
	}

	private UrlDownloader downloader(DataSize maxSize, Duration readTimeout, Duration totalTimeout, List<Integer> ports,
			List<String> allowed) {
		return new UrlDownloader(
				new DownloadProperties(maxSize, Duration.ofSeconds(2), readTimeout, totalTimeout, 5, ports, allowed),
				this.resolver, this.dialer, (SSLSocketFactory) SSLSocketFactory.getDefault());
	}

	private UrlDownloader loopbackDownloader() {
		return downloader(DataSize.ofMegabytes(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
				List.of(80, 443, httpPort(), this.scripted.port()), List.of("127.0.0.1/32"));
	}

	private int httpPort() {
		return this.http.getAddress().getPort();
	}

	private String httpUrl(String path) {
		return "http://127.0.0.1:" + httpPort() + path;
	}

	private Path target() {
		return this.dir.resolve("source");
	}

	private void assertNothingLeft() throws IOException {
		try (var files = Files.list(this.dir)) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void downloadsFixedLengthBody() throws IOException {
		Download download = loopbackDownloader().download(httpUrl("/fixed.mp4"), target());
		assertThat(download.size()).isEqualTo(BODY.length);
		assertThat(download.contentType()).isEqualTo("video/mp4");
		assertThat(download.redirects()).isZero();
		assertThat(Files.readAllBytes(target())).isEqualTo(BODY);
		assertThat(this.dir.resolve("source.part")).doesNotExist();
	}

	@Test
	void downloadsChunkedBody() throws IOException {
		Download download = loopbackDownloader().download(httpUrl("/chunked.mp4"), target());
		assertThat(download.size()).isEqualTo(BODY.length);
		assertThat(Files.readAllBytes(target())).isEqualTo(BODY);
	}

	@Test
	void followsARedirectOnTheSameServer() throws IOException {
		Download download = loopbackDownloader().download(httpUrl("/redirect"), target());
		assertThat(download.redirects()).isEqualTo(1);
		assertThat(Files.readAllBytes(target())).isEqualTo(BODY);
		assertThat(this.dialer.attempts()).hasSize(2);
	}

	@Test
	void aFullDiskIsRetriableNamesTheDirectoryAndLeavesNothing() throws IOException {
		Files.createSymbolicLink(this.dir.resolve("source.part"), Path.of("/dev/full"));

		assertThatExceptionOfType(DownloadConnectionException.class)
			.isThrownBy(() -> loopbackDownloader().download(httpUrl("/fixed.mp4"), target()))
			.withMessageContaining("the disk under " + this.dir + " is full (")
			.satisfies((failure) -> assertThat(failure.retriable()).isTrue());
		assertNothingLeft();
	}

	@Test
	void replacesAnEarlierFileOnRetry() throws IOException {
		Files.writeString(target(), "stale");
		loopbackDownloader().download(httpUrl("/fixed.mp4"), target());
		assertThat(Files.readAllBytes(target())).isEqualTo(BODY);
	}

	@Test
	void connectsOnlyToTheFirstCheckedAnswerWhenDnsRebinds() throws IOException {
		InetAddress publicAddress = RecordingResolver.PUBLIC;
		this.resolver.answer("cdn.example.com", List.of(publicAddress), List.of(InetAddress.getLoopbackAddress()));
		this.dialer.route(new InetSocketAddress(publicAddress, httpPort()),
				new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort()));
		UrlDownloader downloader = downloader(DataSize.ofMegabytes(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
				List.of(httpPort()), List.of());

		downloader.download("http://cdn.example.com:" + httpPort() + "/fixed.mp4", target());

		assertThat(this.resolver.queries()).containsExactly("cdn.example.com");
		assertThat(this.dialer.attempts()).containsExactly(new InetSocketAddress(publicAddress, httpPort()));
		assertThat(Files.readAllBytes(target())).isEqualTo(BODY);
	}

	@Test
	void rechecksTheNextHopWhenARedirectMeetsARebindingAnswer() throws IOException {
		InetAddress publicAddress = RecordingResolver.PUBLIC;
		this.resolver.answer("cdn.example.com", List.of(publicAddress), List.of(InetAddress.getLoopbackAddress()));
		this.dialer.route(new InetSocketAddress(publicAddress, httpPort()),
				new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort()));
		UrlDownloader downloader = downloader(DataSize.ofMegabytes(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
				List.of(httpPort()), List.of());

		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> downloader.download("http://cdn.example.com:" + httpPort() + "/redirect", target()))
			.withMessageContaining("loopback");

		assertThat(this.resolver.queries()).containsExactly("cdn.example.com", "cdn.example.com");
		assertThat(this.dialer.attempts()).containsExactly(new InetSocketAddress(publicAddress, httpPort()));
		assertNothingLeft();
	}

	@Test
	void refusesARedirectToTheMetadataAddress() throws IOException {
		this.scripted.on("/meta",
				"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/latest/meta-data/iam\r\nContent-Length: 0\r\n\r\n");
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> loopbackDownloader().download(this.scripted.url("/meta"), target()))
			.withMessageContaining("169.254.169.254")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		assertThat(this.dialer.attempts()).containsExactly(this.scripted.address());
		assertNothingLeft();
	}

	@Test
	void refusesARedirectToANameThatResolvesToTheMetadataAddress() throws IOException {
		this.resolver.answer("metadata.example.com", List.of(RecordingResolver.address("169.254.169.254")));
		this.scripted.on("/meta", "HTTP/1.1 301 Moved\r\nLocation: http://metadata.example.com/\r\n\r\n");
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> loopbackDownloader().download(this.scripted.url("/meta"), target()))
			.withMessageContaining("link-local");
		assertThat(this.dialer.attempts()).containsExactly(this.scripted.address());
	}

	@Test
	void refusesRedirectsToOtherSchemesAndPorts() {
		for (String location : List.of("file:///etc/passwd", "ftp://example.com/video.mp4", "gopher://example.com/",
				"http://example.com:22/", "http://[::1]/", "http://postgres.railway.internal/")) {
			this.scripted.on("/hop", "HTTP/1.1 307 Temporary\r\nLocation: " + location + "\r\n\r\n");
			assertThatExceptionOfType(DownloadRejectedException.class).as(location)
				.isThrownBy(() -> loopbackDownloader().download(this.scripted.url("/hop"), target()))
				.withMessageContaining("redirect refused");
		}
		assertThat(this.dialer.attempts()).hasSize(6).allMatch(this.scripted.address()::equals);
	}

	@Test
	void refusesARedirectLoop() {
		this.scripted.on("/a", "HTTP/1.1 302 Found\r\nLocation: /b\r\n\r\n");
		this.scripted.on("/b", "HTTP/1.1 302 Found\r\nLocation: /a\r\n\r\n");
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> loopbackDownloader().download(this.scripted.url("/a"), target()))
			.withMessageContaining("redirect loop");
		assertThat(this.scripted.requests()).containsExactly("GET /a HTTP/1.1", "GET /b HTTP/1.1");
	}

	@Test
	void refusesMoreThanFiveRedirects() {
		for (int i = 0; i < 7; i++) {
			this.scripted.on("/r" + i, "HTTP/1.1 302 Found\r\nLocation: /r" + (i + 1) + "\r\n\r\n");
		}
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> loopbackDownloader().download(this.scripted.url("/r0"), target()))
			.withMessageContaining("more than 5 redirects");
		assertThat(this.dialer.attempts()).hasSize(6);
	}

	@Test
	void stopsAnEndlessChunkedBodyAtTheLimit() throws IOException {
		assertThatExceptionOfType(DownloadTooLargeException.class)
			.isThrownBy(() -> loopbackDownloader().download(httpUrl("/endless"), target()))
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse())
			.satisfies((ex) -> assertThat(ex.limitBytes()).isEqualTo(DataSize.ofMegabytes(1).toBytes()));
		assertNothingLeft();
	}

	@Test
	void stopsAnEndlessUnframedBodyAtTheLimit() throws IOException {
		this.scripted.on("/endless", (out) -> {
			out.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] block = new byte[64 * 1024];
			while (true) {
				out.write(block);
			}
		});
		assertThatExceptionOfType(DownloadTooLargeException.class)
			.isThrownBy(() -> loopbackDownloader().download(this.scripted.url("/endless"), target()));
		assertNothingLeft();
	}

	@Test
	void refusesAnAnnouncedBodyOverTheLimitBeforeReadingIt() throws IOException {
		this.scripted.on("/huge", "HTTP/1.1 200 OK\r\nContent-Length: 5000000000\r\n\r\n");
		assertThatExceptionOfType(DownloadTooLargeException.class)
			.isThrownBy(() -> loopbackDownloader().download(this.scripted.url("/huge"), target()));
		assertNothingLeft();
	}

	@Test
	void readsNoMoreThanAShortContentLengthEvenWhenTheServerSendsMore() throws IOException {
		this.scripted.on("/short", (out) -> {
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			byte[] block = new byte[64 * 1024];
			Arrays.fill(block, (byte) 'x');
			while (true) {
				out.write(block);
			}
		});
		Download download = loopbackDownloader().download(this.scripted.url("/short"), target());
		assertThat(download.size()).isEqualTo(10);
		assertThat(Files.readString(target())).isEqualTo("x".repeat(10));
	}

	@Test
	void treatsABodyShorterThanAnnouncedAsARetriableFailure() throws IOException {
		this.scripted.on("/truncated", "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nonly a few bytes");
		assertThatExceptionOfType(DownloadConnectionException.class)
			.isThrownBy(() -> loopbackDownloader().download(this.scripted.url("/truncated"), target()))
			.withMessageContaining("16 of 100000")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
		assertNothingLeft();
	}

	@Test
	void cutsADribbleOffAtTheTotalTimeout() throws IOException {
		this.scripted.on("/dribble", (out) -> {
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			while (true) {
				out.write('x');
				out.flush();
				// Pacing the server at one byte a second, not waiting for anything.
				Thread.sleep(1000);
			}
		});
		UrlDownloader downloader = downloader(DataSize.ofMegabytes(1), Duration.ofSeconds(30), Duration.ofMillis(2500),
				List.of(this.scripted.port()), List.of("127.0.0.1/32"));
		long started = System.nanoTime();
		assertThatExceptionOfType(DownloadTimeoutException.class)
			.isThrownBy(() -> downloader.download(this.scripted.url("/dribble"), target()))
			.withMessageContaining("download exceeded its limit of 2500 ms")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
		// Well under the 30 s read timeout that a per-read check alone would wait for.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
		assertNothingLeft();
	}

	@Test
	void cutsASilentServerOffAtTheReadTimeout() throws IOException {
		this.scripted.on("/silent", (out) -> {
			out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			new java.util.concurrent.CountDownLatch(1).await();
		});
		UrlDownloader downloader = downloader(DataSize.ofMegabytes(1), Duration.ofMillis(300), Duration.ofSeconds(30),
				List.of(this.scripted.port()), List.of("127.0.0.1/32"));
		assertThatExceptionOfType(DownloadTimeoutException.class)
			.isThrownBy(() -> downloader.download(this.scripted.url("/silent"), target()))
			.withMessageContaining("waiting for data");
		assertNothingLeft();
	}

	@Test
	void classifiesStatusesByWhetherARetryCanHelp() {
		assertThatExceptionOfType(DownloadStatusException.class)
			.isThrownBy(() -> loopbackDownloader().download(httpUrl("/unavailable"), target()))
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(503))
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
		assertThatExceptionOfType(DownloadStatusException.class)
			.isThrownBy(() -> loopbackDownloader().download(httpUrl("/missing?token=s3cr3t"), target()))
			.withMessageNotContaining("s3cr3t")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
	}

	@Test
	void refusedConnectionIsRetriable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		UrlDownloader downloader = downloader(DataSize.ofMegabytes(1), Duration.ofSeconds(5), Duration.ofSeconds(10),
				List.of(closedPort), List.of("127.0.0.1/32"));
		assertThatExceptionOfType(DownloadConnectionException.class)
			.isThrownBy(() -> downloader.download("http://127.0.0.1:" + closedPort + "/", target()))
			.withMessageContaining("connection refused")
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
	}

	@Test
	void malformedAnswersAreFinal() throws IOException {
		this.scripted.on("/garbage", "SSH-2.0-OpenSSH_9.2\r\n\r\n");
		this.scripted.on("/coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
		this.scripted.on("/lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
		this.scripted.on("/headers", "HTTP/1.1 200 OK\r\nX-Filler: " + "a".repeat(70_000) + "\r\n\r\n");
		this.scripted.on("/nolocation", "HTTP/1.1 302 Found\r\n\r\n");
		for (String path : List.of("/garbage", "/coding", "/lengths", "/headers", "/nolocation")) {
			assertThatExceptionOfType(DownloadProtocolException.class).as(path)
				.isThrownBy(() -> loopbackDownloader().download(this.scripted.url(path), target()))
				.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		}
		assertNothingLeft();
	}

}
