package com.clipworker.inngest;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Inngest serve protocol. The {@code INNGEST_*} variables set them.
 *
 * @param appId the app id, the prefix of every function id ({@code INNGEST_APP_ID})
 * @param signingKey the signing key ({@code INNGEST_SIGNING_KEY}); required in cloud mode
 * @param signingKeyFallback the previous key during rotation
 * ({@code INNGEST_SIGNING_KEY_FALLBACK})
 * @param eventKey the key for sending events ({@code INNGEST_EVENT_KEY})
 * @param env the branch environment sent as {@code X-Inngest-Env} ({@code INNGEST_ENV})
 * @param dev dev mode when truthy ({@code 1}, {@code true}) or an origin URL
 * ({@code INNGEST_DEV}); cloud mode otherwise
 * @param baseUrl origin of both the API and the event API ({@code INNGEST_BASE_URL})
 * @param apiBaseUrl origin of the API ({@code INNGEST_API_BASE_URL})
 * @param eventApiBaseUrl origin of the event API ({@code INNGEST_EVENT_API_BASE_URL})
 * @param serveOrigin the origin registered for this app, instead of the request's
 * ({@code INNGEST_SERVE_ORIGIN})
 * @param servePath the path registered for this app ({@code INNGEST_SERVE_PATH})
 * @param allowInBandSync whether a signed in-band sync PUT is answered
 * ({@code INNGEST_ALLOW_IN_BAND_SYNC})
 * @param maxBodySize the largest request body read (413 beyond it)
 * @param bufferedBodyLimit the most request-body bytes held at once across requests (503
 * beyond it)
 * @param signatureTolerance how far a signature's timestamp may be from now, either way
 * @param apiTimeout timeout of each call to the Inngest API and event API
 * @param eventSendAttempts attempts per event send before it fails
 * @param maxStepDeferrals how many times one step may be deferred ({@link StepDeferral}:
 * a deferral result, then a sleep, neither of which counts as an attempt) before a
 * further deferral is answered as a retry, which does
 */
@ConfigurationProperties("inngest")
@Validated
public record InngestProperties(
		@DefaultValue("clipworker") @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,100}") String appId,
		@Nullable String signingKey, @Nullable String signingKeyFallback, @Nullable String eventKey,
		@Nullable String env, @Nullable String dev, @Nullable URI baseUrl, @Nullable URI apiBaseUrl,
		@Nullable URI eventApiBaseUrl, @Nullable URI serveOrigin, @Nullable String servePath,
		@DefaultValue("true") boolean allowInBandSync, @DefaultValue("5MB") DataSize maxBodySize,
		@DefaultValue("64MB") DataSize bufferedBodyLimit, @DefaultValue("5m") Duration signatureTolerance,
		@DefaultValue("10s") Duration apiTimeout, @DefaultValue("5") @Min(1) int eventSendAttempts,
		@DefaultValue("60") @Min(0) int maxStepDeferrals) {

	static final URI DEV_SERVER = URI.create("http://127.0.0.1:8288");

	static final URI CLOUD_API = URI.create("https://api.inngest.com");

	static final URI CLOUD_EVENT_API = URI.create("https://inn.gs");

	/** Properties with every default, for a given app and key (tests and tools). */
	public static InngestProperties of(String appId, @Nullable String signingKey, boolean dev) {
		return new InngestProperties(appId, signingKey, null, null, null, dev ? "1" : null, null, null, null, null,
				null, true, DataSize.ofMegabytes(5), DataSize.ofMegabytes(64), Duration.ofMinutes(5),
				Duration.ofSeconds(10), 5, 60);
	}

	/** A copy with other origins for the API and the event API. */
	public InngestProperties withBaseUrl(URI url) {
		return new InngestProperties(this.appId, this.signingKey, this.signingKeyFallback, this.eventKey, this.env,
				this.dev, url, this.apiBaseUrl, this.eventApiBaseUrl, this.serveOrigin, this.servePath,
				this.allowInBandSync, this.maxBodySize, this.bufferedBodyLimit, this.signatureTolerance,
				this.apiTimeout, this.eventSendAttempts, this.maxStepDeferrals);
	}

	/** A copy with another event key. */
	public InngestProperties withEventKey(@Nullable String key) {
		return new InngestProperties(this.appId, this.signingKey, this.signingKeyFallback, key, this.env, this.dev,
				this.baseUrl, this.apiBaseUrl, this.eventApiBaseUrl, this.serveOrigin, this.servePath,
				this.allowInBandSync, this.maxBodySize, this.bufferedBodyLimit, this.signatureTolerance,
				this.apiTimeout, this.eventSendAttempts, this.maxStepDeferrals);
	}

	/** A copy with another bound on the deferrals of one step. */
	public InngestProperties withMaxStepDeferrals(int deferrals) {
		return new InngestProperties(this.appId, this.signingKey, this.signingKeyFallback, this.eventKey, this.env,
				this.dev, this.baseUrl, this.apiBaseUrl, this.eventApiBaseUrl, this.serveOrigin, this.servePath,
				this.allowInBandSync, this.maxBodySize, this.bufferedBodyLimit, this.signatureTolerance,
				this.apiTimeout, this.eventSendAttempts, deferrals);
	}

	/** A copy with another fallback signing key. */
	public InngestProperties withSigningKeyFallback(@Nullable String key) {
		return new InngestProperties(this.appId, this.signingKey, key, this.eventKey, this.env, this.dev, this.baseUrl,
				this.apiBaseUrl, this.eventApiBaseUrl, this.serveOrigin, this.servePath, this.allowInBandSync,
				this.maxBodySize, this.bufferedBodyLimit, this.signatureTolerance, this.apiTimeout,
				this.eventSendAttempts, this.maxStepDeferrals);
	}

	/** Whether the app runs in dev mode (no signature checks on calls). */
	public boolean isDev() {
		if (this.dev == null || this.dev.isBlank()) {
			return false;
		}
		String value = this.dev.trim().toLowerCase(Locale.ROOT);
		return !(value.equals("0") || value.equals("false") || value.equals("no") || value.equals("off"));
	}

	/** The origin of the Inngest API. */
	public URI apiOrigin() {
		return origin(this.apiBaseUrl, CLOUD_API);
	}

	/** The origin of the event API. */
	public URI eventApiOrigin() {
		return origin(this.eventApiBaseUrl, CLOUD_EVENT_API);
	}

	private URI origin(@Nullable URI specific, URI cloud) {
		if (specific != null) {
			return specific;
		}
		if (this.baseUrl != null) {
			return this.baseUrl;
		}
		if (isDev()) {
			String value = this.dev.trim();
			return (value.startsWith("http://") || value.startsWith("https://")) ? URI.create(value) : DEV_SERVER;
		}
		return cloud;
	}

	boolean hasSigningKey() {
		return this.signingKey != null && !this.signingKey.isBlank();
	}

	boolean hasSigningKeyFallback() {
		return this.signingKeyFallback != null && !this.signingKeyFallback.isBlank();
	}

	boolean hasEventKey() {
		return this.eventKey != null && !this.eventKey.isBlank();
	}

	/**
	 * Checks what start-up needs.
	 * @throws InngestConfigurationException in cloud mode without a signing key, or with
	 * a key that is not hex after its prefix
	 */
	public void validate() {
		if (!isDev() && !hasSigningKey()) {
			throw new InngestConfigurationException(
					"Inngest cloud mode needs INNGEST_SIGNING_KEY (inngest.signing-key); "
							+ "set it, or set INNGEST_DEV=1 to serve the local dev server without signatures");
		}
		checkHex("INNGEST_SIGNING_KEY", this.signingKey);
		checkHex("INNGEST_SIGNING_KEY_FALLBACK", this.signingKeyFallback);
	}

	private static void checkHex(String name, @Nullable String key) {
		if (key == null || key.isBlank()) {
			return;
		}
		String bare = Signatures.stripPrefix(key.trim());
		if (bare.isEmpty() || bare.length() % 2 != 0 || !bare.chars().allMatch((c) -> Character.digit(c, 16) >= 0)) {
			throw new InngestConfigurationException(
					name + " must be an even number of hex digits, optionally prefixed with signkey-<env>-");
		}
	}

	@Override
	public String toString() {
		return "InngestProperties[appId=" + this.appId + ", signingKey=" + (hasSigningKey() ? "<set>" : "<unset>")
				+ ", signingKeyFallback=" + (hasSigningKeyFallback() ? "<set>" : "<unset>") + ", eventKey="
				+ (hasEventKey() ? "<set>" : "<unset>") + ", env=" + this.env + ", dev=" + this.dev + ", apiOrigin="
				+ apiOrigin() + ", eventApiOrigin=" + eventApiOrigin() + ", serveOrigin=" + this.serveOrigin
				+ ", servePath=" + this.servePath + ", allowInBandSync=" + this.allowInBandSync + ", maxBodySize="
				+ this.maxBodySize + ", maxStepDeferrals=" + this.maxStepDeferrals + "]";
	}

}
