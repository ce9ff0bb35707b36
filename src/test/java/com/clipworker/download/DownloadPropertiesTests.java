package com.clipworker.download;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadPropertiesTests {

	@Test
	void defaultsAreSafe() {
		DownloadProperties properties = bind(Map.of());
		assertThat(properties.maxSize()).isEqualTo(DataSize.ofGigabytes(2));
		assertThat(properties.maxSize().toBytes()).isEqualTo(2L * 1024 * 1024 * 1024);
		assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.totalTimeout()).isEqualTo(Duration.ofMinutes(10));
		assertThat(properties.maxRedirects()).isEqualTo(5);
		assertThat(properties.allowedPorts()).containsExactly(80, 443);
		assertThat(properties.testOnlyAllowedNetworks()).isEmpty();
	}

	@Test
	void bindsOverrides() {
		DownloadProperties properties = bind(
				Map.of("clipworker.download.max-size", "500MB", "clipworker.download.allowed-ports", "443",
						"clipworker.download.test-only-allowed-networks", "127.0.0.1/32"));
		assertThat(properties.maxSize()).isEqualTo(DataSize.ofMegabytes(500));
		assertThat(properties.allowedPorts()).containsExactly(443);
		assertThat(properties.testOnlyAllowedBlocks()).containsExactly(Cidr.parse("127.0.0.1/32"));
	}

	private static DownloadProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("clipworker.download",
				DownloadProperties.class);
	}

}
