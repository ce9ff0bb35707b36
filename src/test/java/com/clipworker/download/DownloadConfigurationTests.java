package com.clipworker.download;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(TestConfiguration.class);

	@Test
	void providesTheDownloaderWithSafeDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(UrlDownloader.class);
			assertThat(context.getBean(DownloadProperties.class).testOnlyAllowedNetworks()).isEmpty();
		});
	}

	@Test
	void refusesMoreThanFiveRedirects() {
		this.runner.withPropertyValues("clipworker.download.max-redirects=6")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("maxRedirects"));
	}

	@Test
	void refusesAnAllowListThatIsNotABlockOfAddresses() {
		this.runner.withPropertyValues("clipworker.download.test-only-allowed-networks=localhost")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Not a literal address block: localhost"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DownloadProperties.class)
	@Import(DownloadConfiguration.class)
	static class TestConfiguration {

	}

}
