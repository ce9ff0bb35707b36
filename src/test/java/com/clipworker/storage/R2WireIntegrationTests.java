package com.clipworker.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * S3Mock accepts what R2 rejects, so R2's needs are asserted on the requests as they
 * leave the SDK (signed, right before transmission): no aws-chunked encoding, no checksum
 * headers or trailers, equal part sizes but the last, path-style URLs and region
 * {@code auto} in the signature scope.
 */
class R2WireIntegrationTests {

	private static final long MB = 1024 * 1024;

	@TempDir
	Path temp;

	private final List<Sent> sent = new CopyOnWriteArrayList<>();

	private S3ObjectStore store;

	@BeforeEach
	void openStore() {
		this.store = S3MockServer.get().store(new ExecutionInterceptor() {

			@Override
			public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
				R2WireIntegrationTests.this.sent.add(
						new Sent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.httpRequest()));
			}

		});
	}

	@AfterEach
	void closeStore() {
		this.store.close();
	}

	@Test
	void everyRequestIsOneR2Accepts() {
		String prefix = "videos/" + UUID.randomUUID() + "/";
		this.store.put(prefix + "poster.jpg", TestFiles.write(this.temp.resolve("small"), 100_000, 1), "image/jpeg");
		this.store.put(prefix + "proxy.mp4", TestFiles.write(this.temp.resolve("large"), 20 * MB + 5, 2), "video/mp4");
		this.store.head(prefix + "proxy.mp4");
		this.store.get(prefix + "proxy.mp4", this.temp.resolve("copy"));
		this.store.list(prefix);
		this.store.check();
		this.store.deletePrefix(prefix);

		assertThat(this.sent).extracting(Sent::operation)
			.contains("PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "HeadObject",
					"GetObject", "ListObjectsV2", "HeadBucket", "DeleteObject");
		for (Sent request : this.sent) {
			Map<String, List<String>> headers = request.http().headers();
			assertThat(headers.keySet()).as(request.operation())
				.noneSatisfy((name) -> assertThat(name.toLowerCase(Locale.ROOT)).startsWith("x-amz-checksum-"))
				.noneSatisfy((name) -> assertThat(name.toLowerCase(Locale.ROOT)).isEqualTo("x-amz-trailer"))
				.noneSatisfy(
						(name) -> assertThat(name.toLowerCase(Locale.ROOT)).isEqualTo("x-amz-sdk-checksum-algorithm"));
			assertThat(request.header("Content-Encoding")).as(request.operation()).doesNotContain("aws-chunked");
			assertThat(request.header("x-amz-content-sha256")).as(request.operation()).doesNotStartWith("STREAMING");
			assertThat(request.http().host()).as("path-style: the bucket is not in the host").isEqualTo("127.0.0.1");
			assertThat(request.http().encodedPath()).as(request.operation()).startsWith("/" + S3MockServer.BUCKET);
			assertThat(request.header("Authorization")).as(request.operation()).contains("/auto/s3/aws4_request");
		}
		List<Long> partSizes = this.sent.stream()
			.filter((request) -> request.operation().equals("UploadPart"))
			.sorted(java.util.Comparator.comparing((Sent request) -> Integer
				.parseInt(request.http().firstMatchingRawQueryParameter("partNumber").orElseThrow())))
			.map((request) -> Long.parseLong(request.header("Content-Length")))
			.toList();
		assertThat(partSizes).containsExactly(6 * MB, 6 * MB, 6 * MB, 2 * MB + 5);
	}

	@Test
	void presignedLinksArePathStyleInRegionAutoWithoutChecksums() {
		URI link = this.store.presignedGet("videos/" + UUID.randomUUID() + "/proxy.mp4", Duration.ofMinutes(10));
		assertThat(link.getHost()).isEqualTo("127.0.0.1");
		assertThat(link.getRawPath()).startsWith("/" + S3MockServer.BUCKET + "/videos/");
		assertThat(link.getRawQuery()).contains("X-Amz-Credential=")
			.contains("%2Fauto%2Fs3%2Faws4_request")
			.contains("X-Amz-Expires=600")
			.doesNotContainIgnoringCase("checksum");
	}

	private record Sent(String operation, SdkHttpRequest http) {

		String header(String name) {
			return this.http.firstMatchingHeader(name).orElse("");
		}

	}

}
