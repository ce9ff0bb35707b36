package com.clipworker.inngest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The serve protocol behind {@code /api/inngest}, free of any web framework: GET
 * introspection, PUT sync (out-of-band and in-band), POST execution and trust probes.
 * Signatures are checked before a body is parsed; every answer carries the SDK headers.
 */
public final class InngestHandler {

	private static final Logger logger = LoggerFactory.getLogger(InngestHandler.class);

	private static final byte[] EMPTY = new byte[0];

	private final InngestProperties properties;

	private final FunctionRegistry registry;

	private final InngestApi api;

	private final @Nullable InngestEvents events;

	private final List<StepMiddleware> middleware;

	private final InngestMetrics metrics;

	private final Clock clock;

	private final BodyBudget budget;

	private final Execution.Services services;

	public InngestHandler(InngestProperties properties, FunctionRegistry registry, InngestApi api,
			@Nullable InngestEvents events, List<StepMiddleware> middleware, InngestMetrics metrics, Clock clock) {
		properties.validate();
		this.properties = properties;
		this.registry = registry;
		this.api = api;
		this.events = events;
		this.middleware = List.copyOf(middleware);
		this.metrics = metrics;
		this.clock = clock;
		this.budget = new BodyBudget(properties.bufferedBodyLimit().toBytes());
		this.services = new Services();
	}

	public FunctionRegistry registry() {
		return this.registry;
	}

	/** Answers one request. Never throws for anything the request contains. */
	public InngestResponse handle(InngestRequest request) {
		long[] reserved = { 0 };
		try {
			return switch (request.method().toUpperCase(Locale.ROOT)) {
				case "GET" -> introspect(request, reserved);
				case "PUT" -> sync(request, reserved);
				case "POST" -> call(request, reserved);
				default -> respond(405, message("Method not allowed"), null, null);
			};
		}
		catch (BodyException ex) {
			return ex.response;
		}
		catch (RuntimeException ex) {
			logger.error("Serving {} {} failed", request.method(), request.url(), ex);
			return respond(500, message("Internal error"), null, noRetry(false));
		}
		finally {
			if (reserved[0] > 0) {
				this.budget.release(reserved[0]);
			}
		}
	}

	// GET

	private InngestResponse introspect(InngestRequest request, long[] reserved) {
		String header = request.header("X-Inngest-Signature");
		String key = null;
		if (header != null && this.properties.hasSigningKey()) {
			Signatures.Header parsed = timely(header);
			key = (parsed != null) ? verify(parsed, EMPTY, false) : null;
		}
		if (key == null && !this.properties.isDev()) {
			return unauthorized();
		}
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		if (key == null) {
			if (header == null) {
				body.putNull("authentication_succeeded");
			}
			else {
				body.put("authentication_succeeded", false);
			}
			putCommon(body);
			return respond(200, body, null, null);
		}
		body.put("authentication_succeeded", true);
		putCommon(body);
		putAuthenticated(body);
		return respond(200, body, key, null);
	}

	private void putCommon(ObjectNode body) {
		body.put("function_count", this.registry.all().size());
		body.put("has_event_key", this.properties.hasEventKey());
		body.put("has_signing_key", this.properties.hasSigningKey());
		body.put("has_signing_key_fallback", this.properties.hasSigningKeyFallback());
		body.put("mode", this.properties.isDev() ? "dev" : "cloud");
		body.put("schema_version", "2024-05-24");
		body.set("capabilities", Registration.capabilities());
		body.putObject("extra");
	}

	private void putAuthenticated(ObjectNode body) {
		body.put("api_origin", this.properties.apiOrigin().toString());
		body.put("app_id", this.properties.appId());
		putNullable(body, "env", this.properties.env());
		body.put("event_api_origin", this.properties.eventApiOrigin().toString());
		putNullable(body, "event_key_hash",
				this.properties.hasEventKey() ? Signatures.hashEventKey(this.properties.eventKey().trim()) : null);
		body.put("framework", Registration.FRAMEWORK);
		body.put("sdk_language", "java");
		body.put("sdk_version", Registration.SDK_VERSION);
		putNullable(body, "serve_origin",
				(this.properties.serveOrigin() != null) ? this.properties.serveOrigin().toString() : null);
		putNullable(body, "serve_path", this.properties.servePath());
		putNullable(body, "signing_key_fallback_hash", this.properties.hasSigningKeyFallback()
				? Signatures.bearer(this.properties.signingKeyFallback().trim()) : null);
		putNullable(body, "signing_key_hash",
				this.properties.hasSigningKey() ? Signatures.bearer(this.properties.signingKey().trim()) : null);
	}

	// PUT

	private InngestResponse sync(InngestRequest request, long[] reserved) {
		boolean inBand = "in_band".equals(request.header("X-Inngest-Sync-Kind")) && this.properties.allowInBandSync();
		if (inBand) {
			return inBandSync(request, reserved);
		}
		String url = serveUrl(request.url());
		String deployId = request.query("deployId");
		if (deployId != null && (deployId.isBlank() || deployId.equals("undefined"))) {
			deployId = null;
		}
		byte[] payload = InngestJson.mapper()
			.writeValueAsBytes(Registration.payload(this.properties, this.registry, url));
		Map<String, String> extra = Map.of("X-Inngest-Sync-Kind", "out_of_band");
		try {
			boolean modified = this.api.register(payload, deployId, request.header("X-Inngest-Server-Kind"));
			ObjectNode body = message("Successfully synced.");
			body.put("modified", modified);
			logger.info("Synced {} functions to {} for {}", this.registry.all().size(), this.properties.apiOrigin(),
					url);
			return respond(200, body, null, extra);
		}
		catch (InngestApiException ex) {
			logger.warn("Sync failed: {}", ex.getMessage());
			ObjectNode body = message(ex.getMessage());
			body.put("modified", false);
			return respond(500, body, null, extra);
		}
	}

	private InngestResponse inBandSync(InngestRequest request, long[] reserved) {
		if (!this.properties.hasSigningKey()) {
			return unauthorized();
		}
		Signatures.Header header = timely(request.header("X-Inngest-Signature"));
		if (header == null) {
			return unauthorized();
		}
		byte[] raw = read(request, reserved);
		String key = verify(header, raw, true);
		if (key == null) {
			return unauthorized();
		}
		JsonNode body;
		try {
			body = InngestJson.mapper().readTree(raw);
		}
		catch (JacksonException ex) {
			body = null;
		}
		if (body == null || !body.isObject() || body.size() != 1 || !body.path("url").isString()) {
			ObjectNode error = message("In-band sync requires a body of exactly {\"url\": string}");
			error.put("code", "invalid_request");
			return respond(400, error, key, null);
		}
		String url = serveUrl(body.get("url").stringValue());
		ObjectNode answer = JsonNodeFactory.instance.objectNode();
		answer.put("app_id", this.properties.appId());
		answer.set("capabilities", Registration.capabilities());
		putNullable(answer, "env", this.properties.env());
		answer.put("framework", Registration.FRAMEWORK);
		answer.set("functions", Registration.functions(this.registry, url));
		ObjectNode inspection = JsonNodeFactory.instance.objectNode();
		inspection.put("authentication_succeeded", true);
		putCommon(inspection);
		putAuthenticated(inspection);
		answer.set("inspection", inspection);
		answer.putNull("platform");
		answer.put("sdk_author", "clipworker");
		answer.put("sdk_language", "java");
		answer.put("sdk_version", Registration.SDK_VERSION);
		answer.put("url", url);
		return respond(200, answer, key, Map.of("X-Inngest-Sync-Kind", "in_band"));
	}

	/** The URL to register: the given one with the configured origin and path applied. */
	private String serveUrl(String url) {
		URI uri = URI.create(url);
		String origin = (this.properties.serveOrigin() != null) ? trimSlash(this.properties.serveOrigin().toString())
				: uri.getScheme() + "://" + uri.getRawAuthority();
		String path = (this.properties.servePath() != null && !this.properties.servePath().isBlank())
				? this.properties.servePath() : uri.getRawPath();
		if (path == null || path.isEmpty()) {
			path = "/api/inngest";
		}
		if (!path.startsWith("/")) {
			path = "/" + path;
		}
		return origin + path;
	}

	private static String trimSlash(String value) {
		return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
	}

	// POST

	private InngestResponse call(InngestRequest request, long[] reserved) {
		long start = System.nanoTime();
		String fnId = request.query("fnId");
		String stepId = request.query("stepId");
		String probe = request.query("probe");
		Signatures.Header header = null;
		if (!this.properties.isDev()) {
			header = timely(request.header("X-Inngest-Signature"));
			if (header == null) {
				return unauthorized();
			}
		}
		byte[] raw = read(request, reserved);
		String key = null;
		if (!this.properties.isDev()) {
			key = verify(header, raw, false);
			if (key == null) {
				return unauthorized();
			}
		}
		if (probe != null) {
			if (probe.equals("trust")) {
				return respond(200, JsonNodeFactory.instance.objectNode(), key, null);
			}
			return respond(400, Outcome.error(400, "Unknown probe \"" + clip(probe) + "\"", true, "").body(), key,
					noRetry(true));
		}
		FunctionRegistry.Registered function = this.registry.find(fnId);
		if (function == null) {
			Outcome outcome = Outcome.error(500, "Function \"" + clip(String.valueOf(fnId))
					+ "\" was not found in this app; is the app synced correctly?", false, "unknown-function");
			return answer(outcome, key);
		}
		CallRequest call;
		try {
			call = CallRequest.parse(InngestJson.mapper().readTree(raw));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String reason = (ex instanceof JacksonException json) ? json.getOriginalMessage() : ex.getMessage();
			return answer(Outcome.error(400, "Malformed execution request: " + clip(reason), true, "malformed"), key);
		}
		String target = (stepId == null || stepId.isEmpty() || stepId.equals("step")) ? null : stepId;
		MDC.put("functionId", function.function().id());
		MDC.put("runId", call.runId());
		MDC.put("attempt", Integer.toString(call.attempt()));
		Outcome outcome;
		try {
			if (call.useApi()) {
				InngestApi.RunState state = this.api.runState(call.runId());
				call = call.withState(state.events(), state.steps());
			}
			outcome = new Execution(function, call, target, this.services).execute();
		}
		catch (InngestApiException ex) {
			logger.warn("Fetching the state of run {} failed: {}", call.runId(), ex.getMessage());
			outcome = Outcome.error(500, ex.getMessage(), false, "state-unavailable");
		}
		finally {
			MDC.remove("functionId");
			MDC.remove("runId");
			MDC.remove("attempt");
		}
		this.metrics.request(function.function().id(), (target != null) ? "step" : "discovery", outcome.kind(),
				System.nanoTime() - start);
		return answer(outcome, key);
	}

	private InngestResponse answer(Outcome outcome, @Nullable String key) {
		Map<String, String> extra = new LinkedHashMap<>();
		if (outcome.noRetry() != null) {
			extra.put("X-Inngest-No-Retry", outcome.noRetry().toString());
		}
		if (outcome.retryAfter() != null) {
			extra.put("Retry-After", outcome.retryAfter());
		}
		return respond(outcome.status(), outcome.body(), key, extra);
	}

	// Signatures and bodies

	/** The parsed header if it is well formed and its time within the tolerance. */
	private Signatures.@Nullable Header timely(@Nullable String header) {
		Signatures.Header parsed = Signatures.parse(header);
		if (parsed == null) {
			return null;
		}
		long now = this.clock.millis() / 1000;
		long tolerance = this.properties.signatureTolerance().toSeconds();
		return (Math.abs(now - parsed.timestamp()) <= tolerance) ? parsed : null;
	}

	/** The key that verifies a body, or {@code null}. */
	private @Nullable String verify(Signatures.Header header, byte[] body, boolean canonicalFallback) {
		List<String> keys = keys();
		for (String key : keys) {
			if (Signatures.matches(key, body, header)) {
				return key;
			}
		}
		if (canonicalFallback && body.length > 0 && body.length <= 64 * 1024) {
			byte[] canonical;
			try {
				canonical = Signatures.canonicalize(body);
			}
			catch (IOException | RuntimeException | StackOverflowError ex) {
				return null;
			}
			if (!Arrays.equals(canonical, body)) {
				for (String key : keys) {
					if (Signatures.matches(key, canonical, header)) {
						return key;
					}
				}
			}
		}
		return null;
	}

	private List<String> keys() {
		if (!this.properties.hasSigningKey()) {
			return List.of();
		}
		if (!this.properties.hasSigningKeyFallback()) {
			return List.of(this.properties.signingKey().trim());
		}
		return List.of(this.properties.signingKey().trim(), this.properties.signingKeyFallback().trim());
	}

	private byte[] read(InngestRequest request, long[] reserved) {
		long max = this.properties.maxBodySize().toBytes();
		long declared = request.contentLength();
		if (declared > max) {
			throw new BodyException(tooLarge(max));
		}
		long reserve = (declared >= 0) ? declared : max;
		if (!this.budget.tryReserve(reserve)) {
			throw new BodyException(respond(503, message("Too many request bytes in flight; retry shortly"), null,
					Map.of("Retry-After", "1", "X-Inngest-No-Retry", "false")));
		}
		reserved[0] = reserve;
		try (InputStream in = request.body()) {
			byte[] buffer = new byte[(int) ((declared >= 0) ? declared + 1 : Math.min(8192, max + 1))];
			int length = 0;
			while (true) {
				if (length == buffer.length) {
					if (length > max) {
						throw new BodyException(tooLarge(max));
					}
					buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, max + 1));
				}
				int n = in.read(buffer, length, buffer.length - length);
				if (n < 0) {
					break;
				}
				length += n;
				if (length > max) {
					throw new BodyException(tooLarge(max));
				}
			}
			return (length == buffer.length) ? buffer : Arrays.copyOf(buffer, length);
		}
		catch (IOException ex) {
			throw new BodyException(respond(400, message("The request body could not be read"), null, noRetry(false)));
		}
	}

	private InngestResponse tooLarge(long max) {
		return respond(413, message("The request body exceeds " + max + " bytes"), null, noRetry(false));
	}

	// Responses

	private InngestResponse unauthorized() {
		return respond(401, message("Unauthorized"), null, null);
	}

	private InngestResponse respond(int status, JsonNode body, @Nullable String key,
			@Nullable Map<String, String> extra) {
		byte[] bytes = InngestJson.mapper().writeValueAsBytes(body);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		headers.put("X-Inngest-SDK", Registration.SDK);
		headers.put("X-Inngest-Req-Version", "2");
		headers.put("X-Inngest-Framework", Registration.FRAMEWORK);
		headers.put("User-Agent", Registration.SDK);
		if (extra != null) {
			headers.putAll(extra);
		}
		if (key != null) {
			headers.put("X-Inngest-Signature", Signatures.sign(key, bytes, this.clock.millis() / 1000));
		}
		return new InngestResponse(status, headers, bytes);
	}

	private static Map<String, String> noRetry(boolean value) {
		return Map.of("X-Inngest-No-Retry", Boolean.toString(value));
	}

	private static ObjectNode message(String message) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("message", message);
		return node;
	}

	private static void putNullable(ObjectNode node, String name, @Nullable String value) {
		if (value == null) {
			node.putNull(name);
		}
		else {
			node.put(name, value);
		}
	}

	private static String clip(@Nullable String value) {
		if (value == null) {
			return "";
		}
		return (value.length() > 200) ? value.substring(0, 200) + "..." : value;
	}

	/** Ends a request early with a prepared answer. */
	private static final class BodyException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final transient InngestResponse response;

		BodyException(InngestResponse response) {
			super(null, null, false, false);
			this.response = response;
		}

	}

	private final class Services implements Execution.Services {

		@Override
		public String appId() {
			return InngestHandler.this.properties.appId();
		}

		@Override
		public @Nullable InngestEvents events() {
			return InngestHandler.this.events;
		}

		@Override
		public InngestMetrics metrics() {
			return InngestHandler.this.metrics;
		}

		@Override
		public int maxStepDeferrals() {
			return InngestHandler.this.properties.maxStepDeferrals();
		}

		@Override
		public @Nullable Object around(StepContext step, Callable<?> body) throws Exception {
			return chain(0, step, body);
		}

		private @Nullable Object chain(int index, StepContext step, Callable<?> body) throws Exception {
			if (index >= InngestHandler.this.middleware.size()) {
				return body.call();
			}
			StepMiddleware current = InngestHandler.this.middleware.get(index);
			return current.around(step, () -> chain(index + 1, step, body));
		}

	}

}
