package com.clipworker.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Reads {@code WORKER_MODE} and the conventional variable names before the context
 * starts: adds the properties the variables define (below command-line arguments, system
 * properties and the environment, above {@code application.yml}), refuses to start when
 * the resolved properties lack something the mode needs, adds the mode's defaults just
 * below the variables' properties, and activates the mode's profile (so
 * {@code application-<mode>.yml} applies). Runs just before the configuration files are
 * read, so a value in those files does not count for the decision.
 */
class WorkerEnvironment implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY_SOURCE = "clipworkerEnvironmentNames";

	static final String DEFAULTS_SOURCE = "clipworkerModeDefaults";

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
		Map<String, Object> properties = new LinkedHashMap<>(EnvironmentNames.toProperties(this.env));
		properties.put("clipworker.mode", mode.name());
		MutablePropertySources sources = environment.getPropertySources();
		sources.addLast(new MapPropertySource(PROPERTY_SOURCE, properties));
		String refusal = ModeRequirements.refusal(mode, environment);
		if (refusal != null) {
			sources.remove(PROPERTY_SOURCE);
			throw new WorkerConfigurationException(refusal);
		}
		sources.addLast(new MapPropertySource(DEFAULTS_SOURCE, ModeRequirements.defaults(mode, environment)));
		environment.addActiveProfile(mode.profile());
	}

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER - 1;
	}

}
