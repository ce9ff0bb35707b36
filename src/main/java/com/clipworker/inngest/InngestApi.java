package com.clipworker.inngest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Calls the Inngest API: {@code POST /fn/register} (out-of-band sync) and the run state
 * of {@code use_api} requests. Authenticates with the hashed signing key, and retries
 * once with the fallback key on 401/403.
 */
public final class InngestApi {

	private final InngestProperties properties;

	private final HttpClient client;

	public InngestApi(InngestProperties properties, HttpClient client) {
		this.properties = properties;
		this.client = client;
	}

	/**
	 * Registers the app.
	 * @param payload the registration JSON
	 * @param deployId the sync's deploy id, or {@code null}
	 * @param serverKind the {@code X-Inngest-Server-Kind} of the sync request, or
	 * {@code null}
	 * @return whether the server changed anything
	 * @throws InngestApiException when the server refused or was unreachable
	 */
	public boolean register(byte[] payload, @Nullable String deployId, @Nullable String serverKind) {
		String query = (deployId != null) ? "?deployId=" + URLEncoder.encode(deployId, StandardCharsets.UTF_8) : "";
		URI uri = resolve("/fn/register" + query);
		HttpResponse<byte[]> response = send("Registering the app", uri, (bearer) -> {
			HttpRequest.Builder builder = request(uri, bearer).POST(HttpRequest.BodyPublishers.ofByteArray(payload))
				.header("X-Inngest-Sync-Kind", "out_of_band");
			if (serverKind != null) {
				builder.header("X-Inngest-Expected-Server-Kind", serverKind);
			}
			return builder.build();
		});
		JsonNode body = json(response.body());
		if (response.statusCode() / 100 != 2) {
			throw new InngestApiException("Registering the app", uri, response.statusCode(), message(body),
					response.statusCode() >= 500);
		}
		return body.path("modified").asBoolean(false);
	}

	/**
	 * Fetches the events and memoized steps of a run whose state was too large to send.
	 * @throws InngestApiException when the server refused or was unreachable
	 */
	RunState runState(String runId) {
		String run = URLEncoder.encode(runId, StandardCharsets.UTF_8);
		URI batchUri = resolve("/v0/runs/" + run + "/batch");
		URI actionsUri = resolve("/v0/runs/" + run + "/actions");
		JsonNode batch = get("Fetching the run's events", batchUri);
		JsonNode actions = get("Fetching the run's steps", actionsUri);
		if (!batch.isArray() || !actions.isObject()) {
			throw new InngestApiException("Fetching the run's state", batchUri, 200, "unexpected body", true);
		}
		List<Event> events = new ArrayList<>();
		for (JsonNode event : batch) {
			events.add(CallRequest.event(event));
		}
		return new RunState(List.copyOf(events), CallRequest.steps(actions));
	}

	private JsonNode get(String what, URI uri) {
		HttpResponse<byte[]> response = send(what, uri, (bearer) -> request(uri, bearer).GET().build());
		JsonNode body = json(response.body());
		if (response.statusCode() != 200) {
			throw new InngestApiException(what, uri, response.statusCode(), message(body), true);
		}
		return body;
	}

	private HttpResponse<byte[]> send(String what, URI uri, Function<@Nullable String, HttpRequest> request) {
		String primary = this.properties.hasSigningKey() ? Signatures.bearer(this.properties.signingKey()) : null;
		HttpResponse<byte[]> response = exchange(what, uri, request.apply(primary));
		int status = response.statusCode();
		if ((status == 401 || status == 403) && this.properties.hasSigningKeyFallback()) {
			response = exchange(what, uri, request.apply(Signatures.bearer(this.properties.signingKeyFallback())));
		}
		return response;
	}

	private HttpResponse<byte[]> exchange(String what, URI uri, HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new InngestApiException(what, uri, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InngestApiException(what, uri, ex);
		}
	}

	private HttpRequest.Builder request(URI uri, @Nullable String bearer) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
			.timeout(this.properties.apiTimeout())
			.header("Content-Type", "application/json")
			.header("X-Inngest-SDK", Registration.SDK)
			.header("User-Agent", Registration.SDK)
			.header("X-Inngest-Req-Version", "2")
			.header("X-Inngest-Framework", Registration.FRAMEWORK);
		if (bearer != null) {
			builder.header("Authorization", "Bearer " + bearer);
		}
		if (this.properties.env() != null && !this.properties.env().isBlank()) {
			builder.header("X-Inngest-Env", this.properties.env());
		}
		return builder;
	}

	private URI resolve(String pathAndQuery) {
		String origin = this.properties.apiOrigin().toString();
		if (origin.endsWith("/")) {
			origin = origin.substring(0, origin.length() - 1);
		}
		return URI.create(origin + pathAndQuery);
	}

	static JsonNode json(byte[] body) {
		try {
			return (body.length == 0) ? InngestJson.mapper().missingNode() : InngestJson.mapper().readTree(body);
		}
		catch (JacksonException ex) {
			return InngestJson.mapper().missingNode();
		}
	}

	static String message(JsonNode body) {
		for (String name : List.of("error", "message")) {
			JsonNode value = body.path(name);
			if (value.isString() && !value.stringValue().isEmpty()) {
				String text = value.stringValue();
				return (text.length() > 300) ? text.substring(0, 300) : text;
			}
		}
		return "";
	}

	/**
	 * State fetched for a {@code use_api} request.
	 *
	 * @param events the run's events
	 * @param steps memoized steps by hashed id
	 */
	record RunState(List<Event> events, Map<String, JsonNode> steps) {
	}

}
