package com.clipworker.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often dependencies are checked in the background and how long one check may take.
 *
 * @param interval time between two rounds of checks
 * @param timeout longest a single check may take before it counts as failed
 * @param failuresBeforeDown failed rounds in a row before a dependency that was up counts
 * as down (one that never passed is down from the start)
 */
@Validated
@ConfigurationProperties("clipworker.health")
public record HealthProperties(@NotNull @DefaultValue("10s") Duration interval,
		@NotNull @DefaultValue("3s") Duration timeout, @Min(1) @DefaultValue("2") int failuresBeforeDown) {
}
