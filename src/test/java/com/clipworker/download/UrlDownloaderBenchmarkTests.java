package com.clipworker.download;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput of the guarded downloader from a loopback server to disk, for
 * docs/performance.md. Not part of the default run:
 * {@code ./mvnw -B -ntp verify -Dtest=UrlDownloaderBenchmarkTests -Dexcluded.test.groups=slow}.
 */
@Tag("benchmark")
class UrlDownloaderBenchmarkTests {

	private static final Logger logger = LoggerFactory.getLogger(UrlDownloaderBenchmarkTests.class);

	private static final long SIZE = DataSize.ofMegabytes(512).toBytes();

	@TempDir
	Path dir;

	@Test
	void downloadsHalfAGigabyte() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/big", (exchange) -> {
			exchange.sendResponseHeaders(200, SIZE);
			byte[] block = new byte[256 * 1024];
			try (OutputStream out = exchange.getResponseBody()) {
				for (long sent = 0; sent < SIZE; sent += block.length) {
					out.write(block, 0, (int) Math.min(block.length, SIZE - sent));
				}
			}
		});
		server.start();
		try {
			int port = server.getAddress().getPort();
			UrlDownloader downloader = new UrlDownloader(
					new DownloadProperties(DataSize.ofGigabytes(2), Duration.ofSeconds(5), Duration.ofSeconds(30),
							Duration.ofMinutes(5), 5, List.of(port), List.of("127.0.0.1/32")),
					HostResolver.system(), Dialer.direct(), (SSLSocketFactory) SSLSocketFactory.getDefault());
			Runtime runtime = Runtime.getRuntime();
			System.gc();
			long heapBefore = runtime.totalMemory() - runtime.freeMemory();
			long started = System.nanoTime();
			Download download = downloader.download("http://127.0.0.1:" + port + "/big", this.dir.resolve("big"));
			double seconds = (System.nanoTime() - started) / 1e9;
			long heapAfter = runtime.totalMemory() - runtime.freeMemory();
			assertThat(download.size()).isEqualTo(SIZE);
			assertThat(Files.size(this.dir.resolve("big"))).isEqualTo(SIZE);
			logger.info("Downloaded {} MiB in {} s: {} MiB/s; heap in use before {} MiB, after {} MiB", SIZE >> 20,
					String.format("%.2f", seconds), String.format("%.0f", (SIZE >> 20) / seconds), heapBefore >> 20,
					heapAfter >> 20);
		}
		finally {
			server.stop(0);
		}
	}

}
