package com.clipworker.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structured (ECS) console format of production, with the customizer
 * {@code application.yml} names: messages and stack traces come out masked.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = StructuredLogMaskingTests.Empty.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "clipworker.mode=local", "logging.structured.format.console=ecs" })
class StructuredLogMaskingTests {

	private static final Logger logger = LoggerFactory.getLogger(StructuredLogMaskingTests.class);

	@Test
	void messagesAndStackTracesAreMasked(CapturedOutput output) {
		logger.warn("Pool failed for jdbc:postgresql://db:5432/postgres?password=structuredCanary1",
				new IllegalStateException("postgresql://postgres:structuredCanary2@db:5432/postgres refused"));
		String line = output.getOut()
			.lines()
			.filter((l) -> l.contains("Pool failed"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no structured line in:\n" + output.getOut()));
		assertThat(line).startsWith("{")
			.contains("\"message\":\"Pool failed for jdbc:postgresql://db:5432/postgres?password=****\"")
			.contains("postgresql://postgres:****@db:5432/postgres refused")
			.doesNotContain("structuredCanary");
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
