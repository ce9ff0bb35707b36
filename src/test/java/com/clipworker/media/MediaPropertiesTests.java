package com.clipworker.media;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MediaPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Wiring.class);

	@Test
	void exportsDefaultToVeryfastAtCrf20AndTheDefaultsFactoryAgrees() {
		this.runner.run((context) -> {
			MediaProperties.ExportSettings bound = context.getBean(MediaProperties.class).export();
			assertThat(bound).isEqualTo(MediaProperties.ExportSettings.defaults());
			assertThat(bound.preset()).isEqualTo("veryfast");
			assertThat(bound.crf()).isEqualTo(20);
		});
	}

	@Test
	void theExportEncoderIsConfigurable() {
		this.runner
			.withPropertyValues("clipworker.media.export.preset=superfast", "clipworker.media.export.crf=21",
					"clipworker.media.export.vertical=720x1280")
			.run((context) -> assertThat(context.getBean(MediaProperties.class).export())
				.isEqualTo(MediaProperties.ExportSettings.sizes("720x1280", "1080x1080", "1920x1080")
					.withEncoder("superfast", 21)));
	}

	@Test
	void anUnknownPresetFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("clipworker.media.export.preset=turbo")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("export.preset")
				.hasMessageContaining("must be an x264 preset"));
	}

	@Test
	void aCrfOutsideX264sRangeFailsStartUp() {
		this.runner.withPropertyValues("clipworker.media.export.crf=52")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("export.crf"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(MediaProperties.class)
	static class Wiring {

	}

}
