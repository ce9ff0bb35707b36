package com.clipworker.storage;

import java.net.URI;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the SDK client the way R2 needs it (media-notes §4): region {@code auto},
 * path-style addressing, chunked encoding off, request checksums and response validation
 * only when an operation requires them (R2 rejects the SDK's defaults), explicit timeouts
 * and the standard retry policy.
 */
public final class S3Clients {

	/** R2's region. */
	public static final Region REGION = Region.of("auto");

	private S3Clients() {
	}

	/**
	 * The store for a configured bucket.
	 * @param properties the storage settings
	 * @param interceptors extra interceptors (tests record the wire with one)
	 * @return the store
	 */
	public static S3ObjectStore store(StorageProperties properties, List<ExecutionInterceptor> interceptors) {
		return new S3ObjectStore(client(properties, interceptors), presigner(properties), bucket(properties),
				properties.multipartThreshold().toBytes(), properties.partSize().toBytes(),
				properties.partConcurrency());
	}

	/**
	 * The SDK client for a configured bucket.
	 * @param properties the storage settings
	 * @param interceptors extra interceptors
	 * @return the client
	 */
	public static S3Client client(StorageProperties properties, List<ExecutionInterceptor> interceptors) {
		return S3Client.builder()
			.endpointOverride(endpoint(properties))
			.region(REGION)
			.credentialsProvider(credentials(properties))
			.serviceConfiguration(serviceConfiguration())
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.httpClientBuilder(ApacheHttpClient.builder()
				.connectionTimeout(properties.connectTimeout())
				.socketTimeout(properties.socketTimeout())
				.maxConnections(properties.partConcurrency() + 8))
			.overrideConfiguration((override) -> override.retryStrategy(
					AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(properties.maxAttempts()).build())
				.executionInterceptors(List.copyOf(interceptors)))
			.build();
	}

	/**
	 * The presigner for a configured bucket.
	 * @param properties the storage settings
	 * @return the presigner
	 */
	public static S3Presigner presigner(StorageProperties properties) {
		return S3Presigner.builder()
			.endpointOverride(endpoint(properties))
			.region(REGION)
			.credentialsProvider(credentials(properties))
			.serviceConfiguration(serviceConfiguration())
			.build();
	}

	private static String bucket(StorageProperties properties) {
		String bucket = properties.r2().bucket();
		if (!properties.r2().configured() || bucket == null) {
			throw new IllegalStateException("R2 is not configured");
		}
		return bucket;
	}

	private static URI endpoint(StorageProperties properties) {
		bucket(properties);
		return URI.create(properties.r2().resolvedEndpoint());
	}

	private static StaticCredentialsProvider credentials(StorageProperties properties) {
		return StaticCredentialsProvider
			.create(AwsBasicCredentials.create(properties.r2().accessKeyId(), properties.r2().secretAccessKey()));
	}

	private static S3Configuration serviceConfiguration() {
		return S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false).build();
	}

}
