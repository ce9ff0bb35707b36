package com.clipworker.storage;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The contract against the S3 store on S3Mock, a real S3 HTTP server in its own process.
 */
class S3ObjectStoreIntegrationTests extends ObjectStoreContractTests {

	private S3ObjectStore store;

	private S3Client client;

	@BeforeEach
	void openStore() {
		this.store = S3MockServer.get().store();
		this.client = S3MockServer.get().client();
	}

	@AfterEach
	void closeStore() {
		this.store.close();
		this.client.close();
	}

	@Override
	protected ObjectStore store() {
		return this.store;
	}

	@Override
	protected List<String> unfinishedUploads(String prefix) {
		return this.client.listMultipartUploads((request) -> request.bucket(S3MockServer.BUCKET).prefix(prefix))
			.uploads()
			.stream()
			.map(MultipartUpload::key)
			.toList();
	}

}
