package com.clipworker.storage;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Object storage settings.
 *
 * @param r2 the R2 (or S3-compatible) bucket; when configured it is used in every mode
 * @param local the local-disk store of local mode
 * @param cache the download cache
 * @param multipartThreshold files larger than this are uploaded in parts
 * @param partSize size of every part but the last (5 MiB to 5 GiB; R2 needs them equal)
 * @param partConcurrency parts uploaded at once
 * @param connectTimeout longest wait to open a connection
 * @param socketTimeout longest wait for the next bytes on an open connection
 * @param maxAttempts attempts per request, including the first (the SDK's standard retry
 * policy with backoff)
 */
@Validated
@ConfigurationProperties("clipworker.storage")
public record StorageProperties(@Valid @NotNull @DefaultValue R2 r2, @Valid @NotNull @DefaultValue Local local,
		@Valid @NotNull @DefaultValue Cache cache, @NotNull @DefaultValue("64MB") DataSize multipartThreshold,
		@NotNull @DefaultValue("16MB") DataSize partSize, @Min(1) @Max(16) @DefaultValue("4") int partConcurrency,
		@NotNull @DefaultValue("10s") Duration connectTimeout, @NotNull @DefaultValue("60s") Duration socketTimeout,
		@Min(1) @Max(10) @DefaultValue("4") int maxAttempts) {

	public StorageProperties {
		if (partSize.toBytes() < DataSize.ofMegabytes(5).toBytes()
				|| partSize.toBytes() > DataSize.ofGigabytes(5).toBytes()) {
			throw new IllegalArgumentException("clipworker.storage.part-size must be 5MB to 5GB, not " + partSize);
		}
	}

	/**
	 * The R2 bucket. Secrets never appear in {@link #toString()}.
	 *
	 * @param accountId {@code R2_ACCOUNT_ID}: the endpoint becomes
	 * {@code https://<id>.r2.cloudflarestorage.com}
	 * @param accessKeyId {@code R2_ACCESS_KEY_ID}
	 * @param secretAccessKey {@code R2_SECRET_ACCESS_KEY}
	 * @param bucket {@code R2_BUCKET}
	 * @param endpoint {@code R2_ENDPOINT}: any S3-compatible endpoint, instead of the
	 * account id
	 */
	public record R2(@Nullable String accountId, @Nullable String accessKeyId, @Nullable String secretAccessKey,
			@Nullable String bucket, @Nullable String endpoint) {

		/** Whether enough is set to use the bucket. */
		public boolean configured() {
			return hasText(this.bucket) && hasText(this.accessKeyId) && hasText(this.secretAccessKey)
					&& (hasText(this.accountId) || hasText(this.endpoint));
		}

		/** The endpoint: {@code R2_ENDPOINT}, else the account's R2 endpoint. */
		public String resolvedEndpoint() {
			if (hasText(this.endpoint)) {
				return this.endpoint.trim();
			}
			if (!hasText(this.accountId)) {
				throw new IllegalStateException("R2_ACCOUNT_ID or R2_ENDPOINT is needed");
			}
			return "https://" + this.accountId.trim() + ".r2.cloudflarestorage.com";
		}

		@Override
		public String toString() {
			return "R2[accountId=" + this.accountId + ", accessKeyId="
					+ (hasText(this.accessKeyId) ? "(set)" : "(unset)") + ", secretAccessKey="
					+ (hasText(this.secretAccessKey) ? "(set)" : "(unset)") + ", bucket=" + this.bucket + ", endpoint="
					+ this.endpoint + "]";
		}

		private static boolean hasText(@Nullable String value) {
			return value != null && !value.isBlank();
		}

	}

	/**
	 * The local-disk store.
	 *
	 * @param directory where objects live; unset means
	 * {@code ${clipworker.data-dir}/objects}
	 * @param publicUrl the worker's base URL in links; unset means
	 * {@code http://localhost:${server.port}}
	 */
	public record Local(@Nullable Path directory, @Nullable String publicUrl) {
	}

	/**
	 * The download cache.
	 *
	 * @param directory where cached downloads live; unset means
	 * {@code ${clipworker.data-dir}/cache}
	 * @param maxSize the most the cache keeps; least recently used files go first
	 */
	public record Cache(@Nullable Path directory, @NotNull @DefaultValue("5GB") DataSize maxSize) {
	}

}
