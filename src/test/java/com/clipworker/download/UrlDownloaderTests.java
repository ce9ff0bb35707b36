package com.clipworker.download;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SSRF guard's refusals that need no server (reliability S1): every address form of
 * an internal target is refused before any connection is attempted. Names the guard does
 * not refuse by form resolve to a public address in these tests, so a missing check would
 * show up as a dial attempt.
 */
class UrlDownloaderTests {

	@TempDir
	Path dir;

	private final RecordingResolver resolver = new RecordingResolver()
		.answer("private.example.com", List.of(RecordingResolver.address("10.1.2.3")))
		.answer("metadata.example.com", List.of(RecordingResolver.address("169.254.169.254")))
		.answer("ula.example.com", List.of(RecordingResolver.address("fd12:3456::1")))
		.answer("mixed.example.com", List.of(RecordingResolver.PUBLIC, RecordingResolver.address("127.0.0.1")));

	private final RecordingDialer dialer = new RecordingDialer();

	private final UrlDownloader downloader = new UrlDownloader(properties(), this.resolver, this.dialer,
			(SSLSocketFactory) SSLSocketFactory.getDefault());

	static DownloadProperties properties() {
		return new DownloadProperties(DataSize.ofMegabytes(1), Duration.ofSeconds(2), Duration.ofSeconds(2),
				Duration.ofSeconds(5), 5, List.of(80, 443), List.of());
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://2130706433/", "http://017700000001/", "http://0x7f000001/", "http://127.1/",
			"http://127.0.1/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://127.000.000.001/",
			"http://127.0.0.1/", "http://127.255.255.254/", "http://[::1]/", "http://[0:0:0:0:0:0:0:1]/",
			"http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::ffff:169.254.169.254]/",
			"http://[::ffff:8.8.8.8]/", "http://[::127.0.0.1]/", "http://[fd12::1]/", "http://[fd12:3456::1]/",
			"http://[fc00::1]/", "http://100.64.0.1/", "http://100.127.255.254/", "http://[64:ff9b::a9fe:a9fe]/",
			"http://[64:ff9b::7f00:1]/", "http://[2002:a9fe:a9fe::1]/", "http://[2002:7f00:1::]/", "http://[2001::1]/",
			"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "http://[fe80::1]/", "http://[fe80::1%25eth0]/",
			"http://[fec0::1]/", "http://[ff02::1]/", "http://[::]/", "http://0.0.0.0/", "http://0/", "http://0.1.2.3/",
			"http://255.255.255.255/", "http://224.0.0.1/", "http://239.255.255.250/", "http://240.0.0.1/",
			"http://10.0.0.1/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
			"http://169.254.169.254/latest/meta-data/", "http://169.254.170.2/v2/credentials", "http://198.18.0.1/",
			"http://192.0.0.170/", "http://192.0.2.1/", "http://[2001:db8::1]/", "http://postgres.railway.internal/",
			"http://postgres.railway.internal./", "http://metadata.google.internal/computeMetadata/v1/",
			"http://internal/", "http://localhost/", "http://localhost./", "http://LOCALHOST/", "http://foo.localhost/",
			"http://printer.local/", "http://metadata/", "http://private.example.com/", "http://metadata.example.com/",
			"http://ula.example.com/", "http://mixed.example.com/", "http://127.0.0.1#@evil.example.com/",
			"http://127.0.0.1:80\\@evil.example.com/", "https://example.com:8443/", "http://example.com:22/",
			"http://example.com:6379/", "http://example.com:0/", "file:///etc/passwd", "ftp://example.com/video.mp4",
			"gopher://example.com/", "jar:http://example.com/a.jar!/", "data:video/mp4;base64,AAAA",
			"//example.com/video.mp4", "example.com/video.mp4", "http:///video.mp4", "http://exa mple.com/",
			"http://under_score.example.com/", "http://user:secret@example.com/video.mp4" })
	void refusesInternalTargetsBeforeConnecting(String url) {
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> this.downloader.download(url, this.dir.resolve("video")))
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		assertThat(this.dialer.attempts()).isEmpty();
		assertThat(this.dir.resolve("video")).doesNotExist();
		assertThat(this.dir.resolve("video.part")).doesNotExist();
	}

	@Test
	void checkRefusesWithoutResolvingOrConnecting() {
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> this.downloader.check("http://[::ffff:10.0.0.1]/"));
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> this.downloader.check("http://10.0.0.1/"))
			.withMessageContaining("private");
		this.downloader.check("https://videos.example.com/talk.mp4");
		assertThat(this.resolver.queries()).isEmpty();
		assertThat(this.dialer.attempts()).isEmpty();
	}

	@Test
	void refusalNamesTheReasonWithoutEchoingSecrets() {
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> this.downloader.download("http://user:hunter2@169.254.169.254/x?token=s3cr3t",
					this.dir.resolve("video")))
			.withMessageContaining("credentials")
			.withMessageNotContaining("hunter2")
			.withMessageNotContaining("s3cr3t");
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> this.downloader.download("http://private.example.com/v.mp4?X-Amz-Signature=s3cr3t",
					this.dir.resolve("video")))
			.withMessageContaining("10.1.2.3")
			.withMessageContaining("private")
			.withMessageContaining("http://private.example.com")
			.withMessageNotContaining("s3cr3t")
			.withMessageNotContaining("v.mp4");
	}

	@Test
	void anyDeniedAnswerRejectsTheHost() {
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> this.downloader.download("http://mixed.example.com/", this.dir.resolve("video")))
			.withMessageContaining("loopback");
		assertThat(this.resolver.queries()).containsExactly("mixed.example.com");
		assertThat(this.dialer.attempts()).isEmpty();
	}

	@Test
	void requestLinesCannotBeInjected() {
		for (String url : List.of("http://example.com/a\r\nHost: 127.0.0.1", "http://example.com/a b",
				"http://example.com/\u0000")) {
			assertThatExceptionOfType(DownloadRejectedException.class)
				.isThrownBy(() -> this.downloader.download(url, this.dir.resolve("video")));
		}
		assertThat(this.dialer.attempts()).isEmpty();
	}

	@Test
	void tooLongUrlIsRejected() {
		String url = "https://example.com/" + "a".repeat(2048);
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> this.downloader.download(url, this.dir.resolve("video")))
			.withMessageContaining("longer than 2048");
	}

	@Test
	void publicAddressThatRefusesIsRetriable() throws Exception {
		// The recording dialer refuses non-loopback addresses: the guard let the public
		// address through, and the failure to connect is classified retriable.
		assertThatExceptionOfType(DownloadConnectionException.class)
			.isThrownBy(
					() -> this.downloader.download("https://videos.example.com/talk.mp4", this.dir.resolve("video")))
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
		assertThat(this.dialer.attempts()).singleElement()
			.satisfies((address) -> assertThat(address.getAddress()).isEqualTo(RecordingResolver.PUBLIC));
		assertThat(Files.list(this.dir)).isEmpty();
	}

}
