package com.clipworker.download;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * HTTPS through the guard: TLS is layered on the socket connected to the checked address,
 * with SNI and host-name verification against the URL's host. The server is the JDK's
 * HTTPS server on 127.0.0.1 with a throwaway certificate made by keytool; the recording
 * dialer routes a pretend public address to it.
 */
class UrlDownloaderTlsIntegrationTests {

	private static final String PASSWORD = "changeit";

	private static final byte[] BODY = "tls body".repeat(1000).getBytes(StandardCharsets.US_ASCII);

	@TempDir
	static Path dir;

	static HttpsServer server;

	static SSLContext clientContext;

	@BeforeAll
	static void startServer() throws Exception {
		Path keystore = dir.resolve("server.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "EC", "-dname", "CN=media.example.com", "-ext",
				"san=dns:media.example.com", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
				"-storepass", PASSWORD, "-keypass", PASSWORD)
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("keytool.log").toFile())
			.start();
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = new FileInputStream(keystore.toFile())) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, PASSWORD.toCharArray());
		SSLContext serverContext = SSLContext.getInstance("TLS");
		serverContext.init(keys.getKeyManagers(), null, null);
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		clientContext = SSLContext.getInstance("TLS");
		clientContext.init(null, trust.getTrustManagers(), null);

		server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
		server.createContext("/video.mp4", (exchange) -> {
			exchange.sendResponseHeaders(200, BODY.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(BODY);
			}
		});
		server.start();
	}

	@AfterAll
	static void stopServer() {
		server.stop(0);
	}

	private UrlDownloader downloader(RecordingResolver resolver, RecordingDialer dialer) {
		int port = server.getAddress().getPort();
		return new UrlDownloader(
				new DownloadProperties(DataSize.ofMegabytes(1), Duration.ofSeconds(5), Duration.ofSeconds(5),
						Duration.ofSeconds(20), 5, List.of(port), List.of()),
				resolver, dialer, clientContext.getSocketFactory());
	}

	@Test
	void downloadsOverTlsFromTheCheckedAddress() throws Exception {
		int port = server.getAddress().getPort();
		RecordingResolver resolver = new RecordingResolver();
		RecordingDialer dialer = new RecordingDialer().route(new InetSocketAddress(RecordingResolver.PUBLIC, port),
				server.getAddress());
		Path target = dir.resolve("video");
		downloader(resolver, dialer).download("https://media.example.com:" + port + "/video.mp4", target);
		assertThat(Files.readAllBytes(target)).isEqualTo(BODY);
		assertThat(dialer.attempts()).containsExactly(new InetSocketAddress(RecordingResolver.PUBLIC, port));
	}

	@Test
	void refusesACertificateForAnotherHost() {
		int port = server.getAddress().getPort();
		RecordingResolver resolver = new RecordingResolver();
		RecordingDialer dialer = new RecordingDialer().route(new InetSocketAddress(RecordingResolver.PUBLIC, port),
				server.getAddress());
		Path target = dir.resolve("other");
		assertThatExceptionOfType(DownloadProtocolException.class).isThrownBy(
				() -> downloader(resolver, dialer).download("https://other.example.com:" + port + "/video.mp4", target))
			.withMessageContaining("TLS failed")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		assertThat(target).doesNotExist();
		assertThat(dir.resolve("other.part")).doesNotExist();
	}

}
