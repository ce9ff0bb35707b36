package com.clipworker.download;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the URL import.
 *
 * @param maxSize largest body accepted, counted while reading
 * @param connectTimeout longest wait for one TCP (and TLS) connection
 * @param readTimeout longest wait for the next bytes of an answer
 * @param totalTimeout longest a whole download may take, redirects included
 * @param maxRedirects most redirects followed (each one re-checked)
 * @param allowedPorts the only ports a URL or redirect may name
 * @param testOnlyAllowedNetworks address blocks exempt from the deny-list, for tests
 * against a loopback server only; empty (off) by default and never to be set in
 * production
 */
@Validated
@ConfigurationProperties("clipworker.download")
public record DownloadProperties(@NotNull @DefaultValue("2GB") DataSize maxSize,
		@NotNull @DefaultValue("10s") Duration connectTimeout, @NotNull @DefaultValue("30s") Duration readTimeout,
		@NotNull @DefaultValue("10m") Duration totalTimeout, @Min(0) @Max(5) @DefaultValue("5") int maxRedirects,
		@NotEmpty @DefaultValue( {
				"80", "443" }) List<@Min(1) @Max(65535) Integer> allowedPorts,
		List<String> testOnlyAllowedNetworks){

	public DownloadProperties {
		allowedPorts = List.copyOf(allowedPorts);
		testOnlyAllowedNetworks = (testOnlyAllowedNetworks != null) ? List.copyOf(testOnlyAllowedNetworks) : List.of();
	}

	/** The test-only allow-list, parsed. */
	public List<Cidr> testOnlyAllowedBlocks() {
		return this.testOnlyAllowedNetworks.stream().map(Cidr::parse).toList();
	}

}
