package com.clipworker.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@code WORKER_MODE} and the conventional variable names before the context
 * starts: activates the mode's profile (so {@code application-<mode>.yml} applies), adds
 * the properties the variables define (below system properties and the environment, above
 * {@code application.yml}), and refuses to start when the mode lacks something it needs.
 * Runs just before the configuration files are read.
 */
class WorkerEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "clipworkerEnvironmentNames";

	private final Map<String, String> env;

	WorkerEnvironment() {
		this(System.getenv());
	}

	WorkerEnvironment(Map<String, String> env) {
		this.env = env;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		WorkerMode mode = WorkerMode.parse(environment.getProperty("clipworker.mode", this.env.get("WORKER_MODE")));
		String refusal = ModeRequirements.refusal(mode, this.env);
		if (refusal != null) {
			throw new WorkerConfigurationException(refusal);
		}
		Map<String, Object> properties = new LinkedHashMap<>(ModeRequirements.defaults(mode, this.env));
		properties.putAll(EnvironmentNames.toProperties(this.env));
		properties.put("clipworker.mode", mode.name());
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, properties));
		environment.addActiveProfile(mode.profile());
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER - 1;
	}

}
