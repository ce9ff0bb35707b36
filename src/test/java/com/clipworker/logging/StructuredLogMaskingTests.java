package com.clipworker.logging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structured (ECS) console format of production, built by Boot's encoder from the
 * worker's own {@code application.yml} (which names the customizer): messages and stack
 * traces come out masked. The encoder is built here rather than through a Spring context
 * because Logback keeps the first configuration a test JVM gets.
 */
class StructuredLogMaskingTests {

	@Test
	void messagesAndStackTracesAreMasked() throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
			.forEach(environment.getPropertySources()::addLast);
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
		context.putObject(Environment.class.getName(), environment);
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat("ecs");
		encoder.start();
		LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("com.clipworker.db"), Level.WARN,
				"Pool failed for jdbc:postgresql://db:5432/postgres?password=structuredCanary1",
				new IllegalStateException("postgresql://postgres:structuredCanary2@db:5432/postgres refused"), null);
		String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
		assertThat(line).startsWith("{")
			.contains("\"message\":\"Pool failed for jdbc:postgresql://db:5432/postgres?password=****\"")
			.contains("postgresql://postgres:****@db:5432/postgres refused")
			.doesNotContain("structuredCanary");
	}

}
