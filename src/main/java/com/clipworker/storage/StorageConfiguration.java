package com.clipworker.storage;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

import com.clipworker.config.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The object store: the R2 bucket when it is configured (always in production mode), the
 * local-disk store under the data directory in local mode otherwise; and the download
 * cache in front of it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
class StorageConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(StorageConfiguration.class);

	@Bean
	ObjectStore objectStore(StorageProperties properties, WorkerProperties worker, Environment environment) {
		if (properties.r2().configured()) {
			S3ObjectStore store = S3Clients.store(properties, List.of());
			logger.info("Objects are stored in R2 {} at {}", store.describe(), properties.r2().resolvedEndpoint());
			return store;
		}
		if (!worker.isLocal()) {
			throw new IllegalStateException(
					"R2 is not configured: set R2_ACCOUNT_ID (or R2_ENDPOINT), R2_ACCESS_KEY_ID, R2_SECRET_ACCESS_KEY and R2_BUCKET");
		}
		Path directory = (properties.local().directory() != null) ? properties.local().directory()
				: worker.dataDir().resolve("objects");
		String publicUrl = (properties.local().publicUrl() != null) ? properties.local().publicUrl()
				: "http://localhost:" + environment.getProperty("server.port", "3001");
		byte[] linkKey = new byte[32];
		new SecureRandom().nextBytes(linkKey);
		LocalDiskObjectStore store = new LocalDiskObjectStore(directory, URI.create(publicUrl), linkKey,
				Clock.systemUTC());
		logger.info("Objects are stored on {}; links are served at {}{}", store.describe(), publicUrl,
				LocalDiskObjectStore.LINK_PATH);
		return store;
	}

	@Bean
	DownloadCache downloadCache(ObjectStore store, StorageProperties properties, WorkerProperties worker) {
		Path directory = (properties.cache().directory() != null) ? properties.cache().directory()
				: worker.dataDir().resolve("cache");
		return new DownloadCache(store, directory, properties.cache().maxSize().toBytes());
	}

}
