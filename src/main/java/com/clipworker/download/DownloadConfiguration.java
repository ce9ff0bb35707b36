package com.clipworker.download;

import javax.net.ssl.SSLSocketFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The URL downloader with the JVM's resolver, a proxy-free dialer and the default TLS
 * trust store.
 */
@Configuration(proxyBeanMethods = false)
class DownloadConfiguration {

	@Bean
	UrlDownloader urlDownloader(DownloadProperties properties) {
		return new UrlDownloader(properties, HostResolver.system(), Dialer.direct(),
				(SSLSocketFactory) SSLSocketFactory.getDefault());
	}

}
