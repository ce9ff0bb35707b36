package com.clipworker.storage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What every {@link ObjectStore} does, run against each implementation: the local-disk
 * store and the S3 store on a real S3 server.
 */
abstract class ObjectStoreContractTests {

	private static final long MB = 1024 * 1024;

	@TempDir
	Path temp;

	private final String prefix = "videos/" + UUID.randomUUID() + "/";

	/** The store under test. */
	protected abstract ObjectStore store();

	/** Multipart uploads the store has started and not finished, under a prefix. */
	protected abstract List<String> unfinishedUploads(String prefix);

	private Path aFile(long size) {
		return TestFiles.write(this.temp.resolve(UUID.randomUUID() + ".bin"), size, size);
	}

	@Test
	void putGetHeadAndDeleteASmallObject() {
		Path file = aFile(200_000);
		String key = this.prefix + "poster.jpg";
		assertThat(store().exists(key)).isFalse();
		assertThat(store().head(key)).isEmpty();
		ObjectInfo put = store().put(key, file, "image/jpeg");
		assertThat(put.size()).isEqualTo(200_000);
		assertThat(put.etag()).isNotBlank();
		ObjectInfo head = store().head(key).orElseThrow();
		assertThat(head.size()).isEqualTo(200_000);
		assertThat(head.etag()).isEqualTo(put.etag());
		assertThat(head.contentType()).isEqualTo("image/jpeg");
		assertThat(store().exists(key)).isTrue();
		Path copy = this.temp.resolve("copy.jpg");
		ObjectInfo got = store().get(key, copy);
		assertThat(got.size()).isEqualTo(200_000);
		assertThat(TestFiles.sha256(copy)).isEqualTo(TestFiles.sha256(file));
		store().delete(key);
		assertThat(store().exists(key)).isFalse();
		store().delete(key);
	}

	@Test
	void anEmptyFileRoundTrips() {
		String key = this.prefix + "empty.json";
		store().put(key, aFile(0), "application/json");
		Path copy = this.temp.resolve("empty");
		assertThat(store().get(key, copy).size()).isZero();
		assertThat(copy).isEmptyFile();
	}

	@Test
	void fiftyMegabytesRoundTripInParts() {
		Path file = aFile(50 * MB + 12_345);
		String key = this.prefix + "proxy.mp4";
		AtomicInteger reports = new AtomicInteger();
		long[] last = { 0 };
		ObjectInfo put = store().put(key, file, "video/mp4", (sent, total) -> {
			assertThat(sent).isGreaterThanOrEqualTo(last[0]).isLessThanOrEqualTo(total);
			last[0] = sent;
			reports.incrementAndGet();
		});
		assertThat(last[0]).isEqualTo(50 * MB + 12_345);
		assertThat(reports.get()).isGreaterThan(1);
		assertThat(put.size()).isEqualTo(50 * MB + 12_345);
		assertThat(store().head(key).orElseThrow().size()).isEqualTo(50 * MB + 12_345);
		Path copy = this.temp.resolve("copy.mp4");
		store().get(key, copy);
		assertThat(TestFiles.sha256(copy)).isEqualTo(TestFiles.sha256(file));
		assertThat(unfinishedUploads(this.prefix)).isEmpty();
	}

	@Test
	void aPutReplacesTheObjectAndItsEntityTag() {
		String key = this.prefix + "source";
		ObjectInfo first = store().put(key, aFile(1000), "video/mp4");
		ObjectInfo second = store().put(key, aFile(2000), "video/mp4");
		assertThat(second.etag()).isNotEqualTo(first.etag());
		assertThat(store().head(key).orElseThrow().size()).isEqualTo(2000);
	}

	@Test
	void anInterruptedUploadLeavesNoObjectAndNoOpenUpload() {
		Path file = aFile(30 * MB);
		String key = this.prefix + "interrupted.mp4";
		assertThatExceptionOfType(TransferInterruptedException.class)
			.isThrownBy(() -> store().put(key, file, "video/mp4", (sent, total) -> Thread.currentThread().interrupt()))
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
		assertThat(Thread.interrupted()).as("the interrupt flag is restored").isTrue();
		assertThat(store().exists(key)).isFalse();
		assertThat(unfinishedUploads(this.prefix)).isEmpty();
	}

	@Test
	void aFailingUploadLeavesNoObjectAndNoOpenUpload() {
		Path file = aFile(30 * MB);
		String key = this.prefix + "failed.mp4";
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> store().put(key, file, "video/mp4", (sent, total) -> {
				throw new IllegalStateException("deadline passed");
			}));
		assertThat(store().exists(key)).isFalse();
		assertThat(unfinishedUploads(this.prefix)).isEmpty();
	}

	@Test
	void aMissingObjectIsNotFoundAndLeavesNoFile() throws IOException {
		Path target = this.temp.resolve("download").resolve("missing.mp4");
		Files.createDirectories(target.getParent());
		assertThatExceptionOfType(ObjectNotFoundException.class)
			.isThrownBy(() -> store().get(this.prefix + "missing.mp4", target))
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		try (Stream<Path> files = Files.list(target.getParent())) {
			assertThat(files).isEmpty();
		}
	}

	@Test
	void listsAndDeletesOnlyUnderThePrefix() {
		Path file = aFile(100);
		String id = UUID.randomUUID().toString();
		String mine = "videos/" + id + "/";
		String neighbour = "videos/" + id + "x/";
		store().put(mine + "source", file, "video/mp4");
		store().put(mine + "proxy.mp4", file, "video/mp4");
		store().put(mine + "thumbs/0001.jpg", file, "image/jpeg");
		store().put(neighbour + "source", file, "video/mp4");
		assertThat(store().list(mine)).extracting(ObjectInfo::key)
			.containsExactly(mine + "proxy.mp4", mine + "source", mine + "thumbs/0001.jpg");
		assertThat(store().list(mine)).allSatisfy((info) -> assertThat(info.size()).isEqualTo(100));
		assertThat(store().deletePrefix(mine)).isEqualTo(3);
		assertThat(store().list(mine)).isEmpty();
		assertThat(store().deletePrefix(mine)).isZero();
		assertThat(store().exists(neighbour + "source")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/videos/a/source", "videos/../etc/passwd", "videos/./source", "videos//source",
			"videos\\a", "videos/%2e%2e/x", "videos/a\u0000b", "videos/a\nb", "Videos/A", "videos/a b", "videos/a/",
			"videos/.hidden", "videos/ä", "videos/a?b", "videos/a#b" })
	void refusesBadKeysBeforeAnyIo(String key) {
		Path file = aFile(10);
		assertThatExceptionOfType(InvalidObjectKeyException.class).isThrownBy(() -> store().put(key, file, "x/y"))
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
		assertThatExceptionOfType(InvalidObjectKeyException.class)
			.isThrownBy(() -> store().get(key, this.temp.resolve("x")));
		assertThatExceptionOfType(InvalidObjectKeyException.class).isThrownBy(() -> store().head(key));
		assertThatExceptionOfType(InvalidObjectKeyException.class).isThrownBy(() -> store().delete(key));
		assertThatExceptionOfType(InvalidObjectKeyException.class)
			.isThrownBy(() -> store().presignedGet(key, Duration.ofMinutes(1)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "videos", "videos/../", "/videos/", "videos//", "videos/a" })
	void refusesBadPrefixes(String prefix) {
		assertThatExceptionOfType(InvalidObjectKeyException.class).isThrownBy(() -> store().deletePrefix(prefix));
		assertThatExceptionOfType(InvalidObjectKeyException.class).isThrownBy(() -> store().list(prefix));
	}

	@Test
	void aPresignedGetWorksWithAPlainHttpClient() throws Exception {
		Path file = aFile(300_000);
		String key = this.prefix + "preview.mp4";
		store().put(key, file, "video/mp4");
		URI link = store().presignedGet(key, Duration.ofMinutes(5));
		HttpClient client = HttpClient.newHttpClient();
		Path downloaded = this.temp.resolve("via-link.mp4");
		HttpResponse<Path> response = client.send(HttpRequest.newBuilder(link).build(),
				HttpResponse.BodyHandlers.ofFile(downloaded));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(TestFiles.sha256(downloaded)).isEqualTo(TestFiles.sha256(file));
		URI tampered = URI.create(link.toString().replace(key, this.prefix + "source"));
		assertThat(client.send(HttpRequest.newBuilder(tampered).build(), HttpResponse.BodyHandlers.discarding())
			.statusCode()).isBetween(400, 499);
		assertThatIllegalArgumentException().isThrownBy(() -> store().presignedGet(key, Duration.ofDays(8)));
	}

	@Test
	void checkPassesOnAWorkingStore() {
		store().check();
		assertThat(store().describe()).isNotBlank();
	}

}
