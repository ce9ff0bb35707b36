package com.clipworker.jobs;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How the functions declare themselves to Inngest and cut their work.
 *
 * @param fleetConcurrency runs of one heavy function at once across the whole fleet:
 * Inngest counts the limit over every replica, so set it to replicas × media slots
 * @param ownerConcurrency runs of one heavy function at once for one owner, for fairness
 * @param retries retries of each step (a full replica's busy answers defer a step without
 * using them, up to {@code inngest.max-step-deferrals})
 * @param segmentLength sources longer than this transcode as parallel segment steps of
 * this length
 * @param audioChunkBytes the largest speech-audio chunk sent to a transcription API
 * @param audioOverlap how much consecutive chunks overlap, so no word is cut
 * @param leaseRetryAfter when a step is still running elsewhere, how long Inngest waits
 * before delivering again
 */
@Validated
@ConfigurationProperties("clipworker.jobs")
public record JobsProperties(@Min(1) @DefaultValue("4") int fleetConcurrency,
		@Min(1) @DefaultValue("2") int ownerConcurrency, @Min(0) @Max(20) @DefaultValue("12") int retries,
		@NotNull @DefaultValue("2m") Duration segmentLength, @NotNull @DefaultValue("24MB") DataSize audioChunkBytes,
		@NotNull @DefaultValue("5s") Duration audioOverlap, @NotNull @DefaultValue("30s") Duration leaseRetryAfter) {
}
