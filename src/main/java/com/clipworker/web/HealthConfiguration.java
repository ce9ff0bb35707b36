package com.clipworker.web;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the health monitor with every {@link DependencyCheck} the capabilities
 * contribute.
 */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

	@Bean
	HealthMonitor healthMonitor(ObjectProvider<DependencyCheck> checks, HealthProperties properties,
			MeterRegistry registry) {
		return new HealthMonitor(checks.orderedStream().toList(), properties, registry);
	}

}
