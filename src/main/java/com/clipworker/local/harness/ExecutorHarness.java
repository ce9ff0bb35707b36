package com.clipworker.local.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.clipworker.inngest.Event;
import com.clipworker.inngest.InngestJson;
import com.clipworker.inngest.Signatures;
import com.clipworker.inngest.StepDeferral;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drives Inngest functions through a real serve endpoint the way the Inngest executor
 * does, and stands in for the Inngest API that endpoint calls. Point the worker's
 * {@code inngest.base-url} at {@link #apiUrl()}, then {@link #sync(URI)}, {@link #send}
 * events and {@link #awaitCompletion} their runs.
 * <p>
 * What it does like the executor: JCS-canonical request bodies, signed when a key is set;
 * the 206 loop with memoized state and the stack; planned steps run concurrently as
 * separate requests (request version 2's pending set: a response that plans more than one
 * op makes their ids pending, and the next discovery waits until each has a saved result
 * or sleep end; an id is planned, or slept under, once per run; one discovery request of
 * a run at a time); step and function retries with a short backoff; sleeps shortened;
 * waits resumed by sent events (or timed out, shortened); invoke; cancellation by
 * {@code cancelOn} events; function-scoped concurrency limits (requests beyond a limit
 * queue); sent events fanned out to every function whose trigger matches; onFailure
 * functions started by {@code inngest/function.failed}. Expressions are evaluated for a
 * small subset of CEL (see {@code Expressions}). Each request has a deadline
 * ({@link Builder#requestTimeout}, 15 minutes unless set): a request that has no answer
 * by then is abandoned (its connection closed) and retried, as Inngest does when an
 * endpoint stops answering. {@link #routeTo} sends later requests to another endpoint, as
 * a platform's edge does when it moves traffic to another replica.
 */
public final class ExecutorHarness implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ExecutorHarness.class);

	private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|h|m|s|d|w)");

	private final @Nullable String signingKey;

	private final Duration maxSleep;

	private final Duration maxWait;

	private final Duration retryBackoff;

	private final long useApiThreshold;

	private final Duration requestTimeout;

	private volatile @Nullable URI route;

	private final List<HarnessListener> listeners = new CopyOnWriteArrayList<>();

	private final List<StepTiming> timings = new CopyOnWriteArrayList<>();

	private final Map<String, Integer> duplicates = new ConcurrentHashMap<>();

	private final HttpServer server;

	private final HttpClient client;

	private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "executor-harness-timer");
		thread.setDaemon(true);
		return thread;
	});

	private final Map<String, FunctionConfig> functions = new ConcurrentHashMap<>();

	private final Map<String, Run> runs = new ConcurrentHashMap<>();

	private final Map<String, Semaphore> limits = new ConcurrentHashMap<>();

	private final List<ObjectNode> sentEvents = new CopyOnWriteArrayList<>();

	/**
	 * Ids of the events received so far: as on Inngest, a second event with an id starts
	 * and resumes nothing.
	 */
	private final Set<String> eventIds = ConcurrentHashMap.newKeySet();

	private final AtomicLong sequence = new AtomicLong();

	private ExecutorHarness(Builder builder) throws IOException {
		this.signingKey = builder.signingKey;
		this.maxSleep = builder.maxSleep;
		this.maxWait = builder.maxWait;
		this.retryBackoff = builder.retryBackoff;
		this.useApiThreshold = builder.useApiThreshold;
		this.requestTimeout = builder.requestTimeout;
		this.listeners.addAll(builder.listeners);
		this.duplicates.putAll(builder.duplicates);
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(this.workers)
			.build();
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", builder.port), 0);
		this.server.setExecutor(this.workers);
		this.server.createContext("/", this::serveApi);
		this.server.start();
	}

	/** Starts configuring a harness. */
	public static Builder builder() {
		return new Builder();
	}

	/** The origin of the stand-in Inngest API (registration, events, run state). */
	public URI apiUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * Sends every later request of every run to another serve endpoint (the function and
	 * step in the query string are kept), as a platform's edge does when it moves traffic
	 * from a replica that stopped answering to another one. Requests already sent stay
	 * where they are.
	 * @param endpoint the serve URL, e.g. {@code http://127.0.0.1:3002/api/inngest}, or
	 * {@code null} to go back to the URLs the functions registered
	 */
	public void routeTo(@Nullable URI endpoint) {
		this.route = endpoint;
	}

	/** Adds a listener for live progress. */
	public void addListener(HarnessListener listener) {
		this.listeners.add(listener);
	}

	/** Every request made so far, in the order answered. */
	public List<StepTiming> timings() {
		return List.copyOf(this.timings);
	}

	/** Every event received or sent so far, with the ids the harness gave them. */
	public List<JsonNode> events() {
		return List.copyOf(this.sentEvents);
	}

	/** The composite ids of the synced functions. */
	public List<String> functionIds() {
		return this.functions.keySet().stream().sorted().toList();
	}

	/**
	 * Syncs an app: in-band (signed PUT, answered with the registration) when a signing
	 * key is set, out-of-band (PUT, then the app registers with this harness) otherwise.
	 * @param endpoint the app's serve URL, e.g. {@code http://127.0.0.1:3001/api/inngest}
	 * @return the composite ids of its functions
	 * @throws HarnessException when the app does not sync
	 */
	public List<String> sync(URI endpoint) {
		if (this.signingKey != null) {
			byte[] body = InngestJson.mapper()
				.writeValueAsBytes(JsonNodeFactory.instance.objectNode().put("url", endpoint.toString()));
			HttpRequest request = HttpRequest.newBuilder(endpoint)
				.PUT(HttpRequest.BodyPublishers.ofByteArray(body))
				.header("Content-Type", "application/json")
				.header("X-Inngest-Sync-Kind", "in_band")
				.header("X-Inngest-Server-Kind", "dev")
				.header("X-Inngest-Signature", Signatures.sign(this.signingKey, body, Instant.now().getEpochSecond()))
				.build();
			HttpResponse<byte[]> response = exchange(request);
			if (response.statusCode() != 200) {
				throw new HarnessException("In-band sync of " + endpoint + " answered " + response.statusCode() + ": "
						+ new String(response.body(), StandardCharsets.UTF_8));
			}
			register(InngestJson.mapper().readTree(response.body()).path("functions"));
		}
		else {
			HttpRequest request = HttpRequest.newBuilder(endpoint)
				.PUT(HttpRequest.BodyPublishers.noBody())
				.header("X-Inngest-Server-Kind", "dev")
				.build();
			HttpResponse<byte[]> response = exchange(request);
			if (response.statusCode() != 200) {
				throw new HarnessException("Sync of " + endpoint + " answered " + response.statusCode() + ": "
						+ new String(response.body(), StandardCharsets.UTF_8));
			}
		}
		return functionIds();
	}

	/**
	 * Sends events: each one starts a run of every function whose trigger matches,
	 * resumes matching waits and cancels matching runs.
	 * @return the runs started, in order
	 */
	public List<RunHandle> send(Event... events) {
		List<RunHandle> started = new ArrayList<>();
		for (Event event : events) {
			started.addAll(receive(InngestJson.mapper().valueToTree(event)));
		}
		return started;
	}

	/**
	 * Waits for a run to end.
	 * @throws HarnessException when it has not ended within the timeout
	 */
	public RunResult awaitCompletion(RunHandle handle, Duration timeout) {
		Run run = this.runs.get(handle.runId());
		if (run == null) {
			throw new HarnessException("Unknown run " + handle.runId());
		}
		try {
			return run.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new HarnessException("Run " + handle.runId() + " of " + handle.functionId() + " did not end within "
					+ timeout + "; last requests: " + lastTimings(handle.runId()) + "; " + run.describe()
					+ "; concurrency permits left: " + permits());
		}
		catch (ExecutionException ex) {
			throw new HarnessException("Run " + handle.runId() + " broke: " + ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new HarnessException("Interrupted waiting for run " + handle.runId());
		}
	}

	/** The runs started so far (including by fan-out and onFailure). */
	public List<RunHandle> runs() {
		return this.runs.values().stream().map((run) -> run.handle).toList();
	}

	private Map<String, Integer> permits() {
		Map<String, Integer> permits = new java.util.TreeMap<>();
		this.limits.forEach((key, semaphore) -> permits.put(key, semaphore.availablePermits()));
		return permits;
	}

	private List<StepTiming> lastTimings(String runId) {
		List<StepTiming> mine = this.timings.stream().filter((t) -> t.runId().equals(runId)).toList();
		return mine.subList(Math.max(0, mine.size() - 5), mine.size());
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.timer.shutdownNow();
		this.workers.shutdownNow();
	}

	// Registration and the stand-in API

	private void register(JsonNode functionsNode) {
		if (!functionsNode.isArray()) {
			throw new HarnessException("The registration carries no functions array");
		}
		for (JsonNode fn : functionsNode) {
			FunctionConfig config = FunctionConfig.parse(fn);
			this.functions.put(config.id(), config);
		}
	}

	private void serveApi(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (this.signingKey != null && !path.startsWith("/e/")) {
				String expected = "Bearer " + Signatures.bearer(this.signingKey);
				if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
					reply(exchange, 401, "{\"error\":\"Invalid signing key\"}");
					return;
				}
			}
			if (path.equals("/fn/register") && exchange.getRequestMethod().equals("POST")) {
				register(InngestJson.mapper().readTree(body).path("functions"));
				reply(exchange, 200, "{\"ok\":true,\"modified\":true,\"app_id\":\"" + UUID.randomUUID()
						+ "\",\"sync_id\":\"" + UUID.randomUUID() + "\"}");
			}
			else if (path.startsWith("/e/") && exchange.getRequestMethod().equals("POST")) {
				JsonNode events = InngestJson.mapper().readTree(body);
				ArrayNode ids = JsonNodeFactory.instance.arrayNode();
				for (JsonNode event : events.isArray() ? events : List.of(events)) {
					ObjectNode stamped = stamp(event);
					ids.add(stamped.get("id").asString());
					this.workers.execute(() -> receive(stamped));
				}
				ObjectNode answer = JsonNodeFactory.instance.objectNode();
				answer.set("ids", ids);
				answer.put("status", 200);
				reply(exchange, 200, answer.toString());
			}
			else if (path.startsWith("/v0/runs/")) {
				String[] parts = path.split("/");
				Run run = (parts.length == 5) ? this.runs.get(parts[3]) : null;
				if (run == null) {
					reply(exchange, 410, "{\"error\":\"run not found\",\"status\":410}");
				}
				else if (parts[4].equals("batch")) {
					reply(exchange, 200, "[" + run.event + "]");
				}
				else {
					synchronized (run) {
						reply(exchange, 200, InngestJson.mapper().writeValueAsString(run.steps));
					}
				}
			}
			else {
				reply(exchange, 404, "{\"error\":\"not found\"}");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Harness API request failed", ex);
			reply(exchange, 500, "{\"error\":\"" + ex.getClass().getSimpleName() + "\"}");
		}
	}

	private static void reply(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	// Events

	private ObjectNode stamp(JsonNode event) {
		ObjectNode stamped = (ObjectNode) InngestJson.mapper().readTree(event.toString());
		if (!stamped.has("id") || stamped.get("id").asString().isEmpty()) {
			stamped.put("id", newId());
		}
		if (!stamped.has("ts")) {
			stamped.put("ts", System.currentTimeMillis());
		}
		if (!stamped.has("user") || stamped.get("user").isNull()) {
			stamped.putObject("user");
		}
		if (!stamped.has("data") || stamped.get("data").isNull()) {
			stamped.putObject("data");
		}
		return stamped;
	}

	private List<RunHandle> receive(JsonNode raw) {
		ObjectNode event = stamp(raw);
		this.sentEvents.add(event);
		if (!this.eventIds.add(event.path("id").asString())) {
			return List.of();
		}
		String name = event.path("name").asString();
		for (Run run : this.runs.values()) {
			run.onEvent(name, event);
		}
		List<RunHandle> started = new ArrayList<>();
		for (FunctionConfig function : this.functions.values()
			.stream()
			.sorted((a, b) -> a.id().compareTo(b.id()))
			.toList()) {
			if (function.triggeredBy(name, event)) {
				started.add(start(function, event));
			}
		}
		return started;
	}

	private RunHandle start(FunctionConfig function, ObjectNode event) {
		String runId = newId();
		Run run = new Run(new RunHandle(runId, function.id(), InngestJson.mapper().treeToValue(event, Event.class)),
				function, event);
		this.runs.put(runId, run);
		run.schedule(new Item(null, 0, false), Duration.ZERO);
		return run.handle;
	}

	private String newId() {
		return String.format("01H%013d%010d", System.currentTimeMillis(), this.sequence.incrementAndGet());
	}

	private HttpResponse<byte[]> exchange(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new HarnessException(request.method() + " " + request.uri() + " failed: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new HarnessException("Interrupted: " + request.uri());
		}
	}

	static Duration parseDuration(String value) {
		if (value.length() >= 10) {
			try {
				return Duration.between(Instant.now(), Instant.parse(value));
			}
			catch (DateTimeParseException ex) {
				// not a date: a duration string
			}
		}
		Matcher matcher = DURATION.matcher(value);
		Duration total = Duration.ZERO;
		int end = 0;
		while (matcher.find()) {
			if (matcher.start() != end) {
				throw new IllegalArgumentException("Bad duration: " + value);
			}
			end = matcher.end();
			long amount = Long.parseLong(matcher.group(1));
			total = total.plus(switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				case "d" -> Duration.ofDays(amount);
				default -> Duration.ofDays(amount * 7);
			});
		}
		if (end != value.length() || value.isEmpty()) {
			throw new IllegalArgumentException("Bad duration: " + value);
		}
		return total;
	}

	private static Duration shorter(Duration a, Duration b) {
		return (a.compareTo(b) < 0) ? (a.isNegative() ? Duration.ZERO : a) : b;
	}

	/**
	 * One queued request of a run.
	 *
	 * @param target the hashed step id to run, or {@code null} for discovery
	 * @param attempt the attempt
	 * @param planned whether it runs a planned step
	 */
	private record Item(@Nullable String target, int attempt, boolean planned) {
	}

	/** A wait for an event. */
	private record Waiter(String hashedId, String stepName, String event, @Nullable String condition) {
	}

	/** One run and its state; state changes synchronise on the run. */
	private final class Run {

		final RunHandle handle;

		final FunctionConfig function;

		final ObjectNode event;

		final Map<String, JsonNode> steps = new LinkedHashMap<>();

		final List<String> stack = new ArrayList<>();

		final CompletableFuture<RunResult> result = new CompletableFuture<>();

		final AtomicBoolean finished = new AtomicBoolean();

		final Map<String, Waiter> waiters = new LinkedHashMap<>();

		/**
		 * The pending set: the steps and sleeps the current group still waits for, by id.
		 */
		final Set<String> planned = new HashSet<>();

		/**
		 * Every step id planned in this run: as on Inngest, planning an id again (a
		 * replay that re-reports a step still in flight, or one whose deferral sleep has
		 * not ended) is dropped.
		 */
		final Set<String> everPlanned = new HashSet<>();

		/** Every sleep id this run slept under: a sleep reported again is dropped. */
		final Set<String> everSlept = new HashSet<>();

		boolean forcePlan;

		boolean discovering;

		@Nullable Item nextDiscovery;

		int requestsStarted;

		int version = -1;

		Run(RunHandle handle, FunctionConfig function, ObjectNode event) {
			this.handle = handle;
			this.function = function;
			this.event = event;
			this.forcePlan = ExecutorHarness.this.duplicates.containsKey(duplicateKey(function.id(), null));
		}

		boolean ended() {
			return this.finished.get();
		}

		/** Where the run stands, for a timeout's message. */
		synchronized String describe() {
			return "requests started " + this.requestsStarted + ", memoized " + this.steps.size() + ", planned "
					+ this.planned + ", discovering " + this.discovering + ", waiting discovery "
					+ (this.nextDiscovery != null);
		}

		void schedule(Item item, Duration delay) {
			if (ended()) {
				return;
			}
			Runnable task = () -> ExecutorHarness.this.workers.execute(() -> process(item));
			if (delay.isZero() || delay.isNegative()) {
				task.run();
			}
			else {
				ExecutorHarness.this.timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
			}
		}

		void finish(RunResult.Status status, @Nullable JsonNode output, @Nullable JsonNode error) {
			RunResult outcome = new RunResult(this.handle, status, output, error);
			if (!this.finished.compareAndSet(false, true)) {
				return;
			}
			ExecutorHarness.this.listeners.forEach((listener) -> listener.runFinished(outcome));
			this.result.complete(outcome);
			if (status == RunResult.Status.FAILED && !this.function.id().endsWith("-failure")) {
				ObjectNode failed = JsonNodeFactory.instance.objectNode();
				failed.put("name", "inngest/function.failed");
				ObjectNode data = failed.putObject("data");
				data.put("function_id", this.function.id());
				data.put("run_id", this.handle.runId());
				data.set("error", (error != null) ? error : JsonNodeFactory.instance.objectNode());
				data.set("event", this.event);
				ExecutorHarness.this.workers.execute(() -> receive(failed));
			}
		}

		void onEvent(String name, ObjectNode incoming) {
			if (ended()) {
				return;
			}
			for (FunctionConfig.Cancel cancel : this.function.cancel()) {
				if (cancel.event().equals(name) && Expressions.matches(cancel.condition(), this.event, incoming)) {
					finish(RunResult.Status.CANCELLED, null, null);
					return;
				}
			}
			Waiter resumed = null;
			synchronized (this) {
				for (Waiter waiter : this.waiters.values()) {
					if (waiter.event().equals(name) && Expressions.matches(waiter.condition(), this.event, incoming)) {
						resumed = waiter;
						break;
					}
				}
				if (resumed != null) {
					this.waiters.remove(resumed.hashedId());
					complete(resumed.hashedId(), incoming);
				}
			}
			if (resumed != null) {
				discoverIfDrained();
			}
		}

		/** Memoizes a step's value and pushes it onto the stack. Holds the lock. */
		/**
		 * Saves a result under an id. As on Inngest, the first result saved under an id
		 * stays: a later one (a duplicate delivery's answer) is dropped.
		 * @return whether it was saved
		 */
		boolean complete(String hashedId, JsonNode value) {
			if (this.steps.containsKey(hashedId)) {
				return false;
			}
			this.stack.add(hashedId);
			this.steps.put(hashedId, value);
			return true;
		}

		/**
		 * Delivers a request. A run has at most one discovery request (no target) in
		 * flight: one that comes meanwhile waits and is delivered once the first is
		 * answered, and of several that wait only one is kept (the highest attempt). Two
		 * discoveries at once would each run the same next step.
		 */
		void process(Item item) {
			if (item.target() == null) {
				synchronized (this) {
					if (this.discovering) {
						if (this.nextDiscovery == null || item.attempt() > this.nextDiscovery.attempt()) {
							this.nextDiscovery = item;
						}
						return;
					}
					this.discovering = true;
				}
			}
			try {
				if (!ended()) {
					deliver(item);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Harness failed driving run {}", this.handle.runId(), ex);
				finish(RunResult.Status.FAILED, null,
						JsonNodeFactory.instance.objectNode().put("message", ex.toString()));
			}
			finally {
				if (item.target() == null) {
					Item next;
					synchronized (this) {
						this.discovering = false;
						next = this.nextDiscovery;
						this.nextDiscovery = null;
					}
					if (next != null) {
						schedule(next, Duration.ZERO);
					}
				}
			}
		}

		private byte[] body(Item item, boolean disableImmediate) {
			ObjectNode root = JsonNodeFactory.instance.objectNode();
			ObjectNode ctx = root.putObject("ctx");
			ctx.put("attempt", item.attempt());
			ctx.put("disable_immediate_execution", disableImmediate);
			ctx.put("env", "");
			ctx.put("fn_id", UUID.nameUUIDFromBytes(this.function.id().getBytes(StandardCharsets.UTF_8)).toString());
			ctx.put("max_attempts", this.function.maxAttempts());
			ctx.put("qi_id", this.handle.runId() + ":" + ExecutorHarness.this.sequence.incrementAndGet());
			ctx.put("run_id", this.handle.runId());
			ObjectNode stackNode = ctx.putObject("stack");
			ArrayNode ids = stackNode.putArray("stack");
			boolean useApi;
			synchronized (this) {
				stackNode.put("current", this.stack.size());
				this.stack.forEach(ids::add);
				ObjectNode stepsNode = root.putObject("steps");
				this.steps.forEach(stepsNode::set);
				useApi = stepsNode.toString().length() > ExecutorHarness.this.useApiThreshold;
				if (useApi) {
					root.putObject("steps");
				}
				root.put("version", this.version);
			}
			ctx.put("step_id", "step");
			ctx.put("use_api", useApi);
			root.putObject("defers");
			root.set("event", this.event);
			ArrayNode events = root.putArray("events");
			if (!useApi) {
				events.add(this.event);
			}
			root.put("use_api", useApi);
			try {
				return Signatures.canonicalize(InngestJson.mapper().writeValueAsBytes(root));
			}
			catch (IOException ex) {
				throw new HarnessException("Cannot canonicalise a request body: " + ex);
			}
		}

		private HttpRequest request(Item item, boolean disableImmediate) {
			byte[] body = body(item, disableImmediate);
			String stepId = (item.target() != null) ? item.target() : "step";
			URI uri = routed(URI.create(this.function.url(stepId)));
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
				.timeout(ExecutorHarness.this.requestTimeout)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.header("Content-Type", "application/json")
				.header("X-Run-ID", this.handle.runId())
				.header("X-Inngest-Step-ID", stepId)
				.header("X-Inngest-Req-Version", Integer.toString(this.version));
			if (ExecutorHarness.this.signingKey != null) {
				builder.header("X-Inngest-Signature",
						Signatures.sign(ExecutorHarness.this.signingKey, body, Instant.now().getEpochSecond()));
			}
			return builder.build();
		}

		private void deliver(Item item) {
			boolean disableImmediate;
			synchronized (this) {
				// As on Inngest, a group plans its steps until it has drained.
				disableImmediate = this.forcePlan || !this.planned.isEmpty();
			}
			String stepId = (item.target() != null) ? item.target() : "step";
			synchronized (this) {
				this.requestsStarted++;
			}
			ExecutorHarness.this.listeners
				.forEach((l) -> l.requestStarted(this.function.id(), this.handle.runId(), stepId, item.attempt()));
			List<Semaphore> limit = this.function.limits(ExecutorHarness.this.limits, this.event);
			HttpResponse<byte[]> response;
			List<CompletableFuture<HttpResponse<byte[]>>> copies = new ArrayList<>();
			acquire(limit);
			long start = System.nanoTime();
			try {
				if (item.planned()) {
					int extra = ExecutorHarness.this.duplicates
						.getOrDefault(duplicateKey(this.function.id(), item.target()), 0);
					for (int i = 0; i < extra; i++) {
						HttpRequest copy = request(item, true);
						copies
							.add(ExecutorHarness.this.client.sendAsync(copy, HttpResponse.BodyHandlers.ofByteArray()));
					}
				}
				response = ExecutorHarness.this.client.send(request(item, disableImmediate),
						HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException ex) {
				record(item, "step", stepId, 0, start, StepTiming.Outcome.TRANSPORT_ERROR);
				retry(item, null, ex.toString());
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				limit.forEach(Semaphore::release);
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
			// Every copy is answered and recorded before the original's answer is handled
			// (so a run never ends before its timings are in), but the answers that came
			// before the original's are saved first, as on Inngest.
			List<Boolean> early = copies.stream().map(CompletableFuture::isDone).toList();
			List<@Nullable JsonNode> answers = new ArrayList<>();
			for (int i = 0; i < copies.size(); i++) {
				answers.add(recordCopy(item, copies.get(i), i + 1, start));
			}
			for (int i = 0; i < answers.size(); i++) {
				if (early.get(i)) {
					saveCopyResult(answers.get(i));
				}
			}
			handle(item, response, start, elapsed);
			for (int i = 0; i < answers.size(); i++) {
				if (!early.get(i)) {
					saveCopyResult(answers.get(i));
				}
			}
		}

		/** Records a copy's answer; returns its op when it answered 206 with one. */
		private @Nullable JsonNode recordCopy(Item item, CompletableFuture<HttpResponse<byte[]>> copy, int delivery,
				long start) {
			try {
				HttpResponse<byte[]> response = copy.get(ExecutorHarness.this.requestTimeout.toMillis() + 1000,
						TimeUnit.MILLISECONDS);
				JsonNode ops = parse(response.body());
				JsonNode op = ops.isArray() && !ops.isEmpty() ? ops.get(0) : JsonNodeFactory.instance.objectNode();
				timing(new StepTiming(this.function.id(), this.handle.runId(), op.path("name").asString("step"),
						String.valueOf(item.target()), item.attempt(), delivery,
						Duration.ofNanos(System.nanoTime() - start), outcomeOf(op)));
				return (response.statusCode() == 206) ? op : null;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				record(item, "step", String.valueOf(item.target()), delivery, start,
						StepTiming.Outcome.TRANSPORT_ERROR);
			}
			return null;
		}

		/**
		 * A duplicate's answer counts as Inngest counts it: a result it returned is saved
		 * under its id unless one is there already (the first result saved stays, in the
		 * order the answers arrive). Its other ops would only re-plan or re-queue what
		 * the original delivery already did, under the same queue job ids, so they are
		 * dropped.
		 */
		private void saveCopyResult(@Nullable JsonNode op) {
			String code = (op != null) ? op.path("op").asString("") : "";
			if (op == null || !(code.equals("StepRun") || code.equals("StepFailed"))) {
				return;
			}
			boolean saved;
			synchronized (this) {
				saved = complete(op.path("id").asString(""), memoOf(op));
			}
			if (saved) {
				discoverIfDrained();
			}
		}

		private void acquire(List<Semaphore> limit) {
			List<Semaphore> held = new ArrayList<>();
			try {
				for (Semaphore semaphore : limit) {
					semaphore.acquire();
					held.add(semaphore);
				}
			}
			catch (InterruptedException ex) {
				held.forEach(Semaphore::release);
				Thread.currentThread().interrupt();
				throw new HarnessException("Interrupted waiting for a concurrency slot");
			}
		}

		private void handle(Item item, HttpResponse<byte[]> response, long start, Duration elapsed) {
			int status = response.statusCode();
			boolean sdk = response.headers().firstValue("X-Inngest-SDK").isPresent();
			boolean noRetry = response.headers()
				.firstValue("X-Inngest-No-Retry")
				.map("true"::equalsIgnoreCase)
				.orElse(false);
			String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
			synchronized (this) {
				if (this.version == -1 && sdk) {
					this.version = 2;
				}
			}
			JsonNode body = parse(response.body());
			if (!sdk) {
				record(item, "step", "step", 0, start, StepTiming.Outcome.TRANSPORT_ERROR);
				retry(item, retryAfter, "answer " + status + " without X-Inngest-SDK");
				return;
			}
			if (status == 200) {
				record(item, "step", "step", 0, start, StepTiming.Outcome.COMPLETE);
				finish(RunResult.Status.COMPLETED, body, null);
				return;
			}
			if (status == 206 && body.isArray()) {
				handleOps(item, body, noRetry, retryAfter, start);
				return;
			}
			record(item, "step", "step", 0, start, StepTiming.Outcome.FUNCTION_ERROR);
			if (noRetry || item.attempt() + 1 >= this.function.maxAttempts()) {
				finish(RunResult.Status.FAILED, null, body);
			}
			else {
				retry(item, retryAfter, "answer " + status);
			}
		}

		/**
		 * The ops of a 206, as Inngest's executor handles them under request version 2. A
		 * response that plans steps and holds more than one op starts a group: its ids
		 * become the run's pending set (replacing it). Saving a step's result or a
		 * sleep's end removes that one id, and the next discovery request is sent only
		 * once the set is empty. A step planned in a group stays pending until a result
		 * is saved under its own id: answering it with anything else (a sleep, say)
		 * leaves the run waiting for good, as it would on Inngest. Planning an id or
		 * sleeping under an id a second time is dropped (Inngest's queue job ids).
		 */
		private void handleOps(Item item, JsonNode ops, boolean noRetry, @Nullable String retryAfter, long start) {
			boolean plural = ops.size() > 1;
			boolean plans = false;
			for (JsonNode op : ops) {
				plans |= op.path("op").asString("").equals("StepPlanned");
			}
			synchronized (this) {
				if (plural) {
					this.forcePlan = true;
				}
				if (plans && plural) {
					this.planned.clear();
					ops.forEach((op) -> this.planned.add(op.path("id").asString("")));
				}
			}
			boolean discover = false;
			for (JsonNode op : ops) {
				String code = op.path("op").asString("");
				String id = op.path("id").asString("");
				String name = op.path("name").asString(id);
				StepTiming.Outcome outcome = outcomeOf(op);
				record(item, name, id, 0, start, outcome);
				switch (code) {
					case "StepRun" -> {
						synchronized (this) {
							complete(id, memoOf(op));
						}
						discover = true;
					}
					case "StepError", "StepFailed" -> {
						if (code.equals("StepError") && !noRetry && item.attempt() + 1 < this.function.maxAttempts()) {
							retry(item, retryAfter, "step " + name + " failed");
						}
						else {
							synchronized (this) {
								complete(id, memoOf(op));
							}
							discover = true;
						}
					}
					case "StepPlanned" -> {
						boolean fresh;
						synchronized (this) {
							fresh = !this.steps.containsKey(id) && this.everPlanned.add(id);
							if (fresh) {
								this.planned.add(id);
							}
						}
						if (fresh) {
							schedule(new Item(id, 0, true), Duration.ZERO);
						}
					}
					case "Sleep" -> {
						Duration duration = parseDuration(op.path("opts").path("duration").asString(name));
						boolean fresh;
						synchronized (this) {
							fresh = !this.steps.containsKey(id) && this.everSlept.add(id);
						}
						if (fresh) {
							ExecutorHarness.this.timer.schedule(() -> {
								synchronized (this) {
									complete(id, JsonNodeFactory.instance.nullNode());
								}
								discoverIfDrained();
							}, shorter(duration, ExecutorHarness.this.maxSleep).toMillis(), TimeUnit.MILLISECONDS);
						}
					}
					case "WaitForEvent" -> waitFor(op, id, name);
					case "InvokeFunction" -> invoke(op, id);
					default -> {
						finish(RunResult.Status.FAILED, null,
								JsonNodeFactory.instance.objectNode().put("message", "Unknown opcode " + code));
						return;
					}
				}
			}
			if (discover) {
				discoverIfDrained();
			}
		}

		/**
		 * After a result or a sleep's end was saved: the next discovery, if nothing is
		 * pending.
		 */
		private void discoverIfDrained() {
			synchronized (this) {
				this.planned.removeAll(this.steps.keySet());
				if (!this.planned.isEmpty()) {
					return;
				}
				this.forcePlan = ExecutorHarness.this.duplicates.containsKey(duplicateKey(this.function.id(), null));
			}
			schedule(new Item(null, 0, false), Duration.ZERO);
		}

		private void waitFor(JsonNode op, String id, String name) {
			JsonNode opts = op.path("opts");
			Waiter waiter = new Waiter(id, name, opts.path("event").asString(name),
					opts.hasNonNull("if") ? opts.get("if").asString() : null);
			synchronized (this) {
				this.waiters.put(id, waiter);
			}
			Duration timeout = parseDuration(opts.path("timeout").asString("0s"));
			ExecutorHarness.this.timer.schedule(() -> {
				boolean expired;
				synchronized (this) {
					expired = this.waiters.remove(id) != null;
					if (expired) {
						complete(id, JsonNodeFactory.instance.nullNode());
					}
				}
				if (expired) {
					discoverIfDrained();
				}
			}, shorter(timeout, ExecutorHarness.this.maxWait).toMillis(), TimeUnit.MILLISECONDS);
		}

		private void invoke(JsonNode op, String id) {
			JsonNode opts = op.path("opts");
			String functionId = opts.path("function_id").asString("");
			FunctionConfig target = ExecutorHarness.this.functions.get(functionId);
			if (target == null) {
				synchronized (this) {
					complete(id,
							JsonNodeFactory.instance.objectNode()
								.set("error",
										JsonNodeFactory.instance.objectNode()
											.put("name", "Error")
											.put("message", "Function " + functionId + " is not registered")));
				}
				discoverIfDrained();
				return;
			}
			ObjectNode invoked = JsonNodeFactory.instance.objectNode();
			invoked.put("name", "inngest/function.invoked");
			invoked.set("data", opts.path("payload").path("data").isObject() ? opts.path("payload").path("data")
					: JsonNodeFactory.instance.objectNode());
			RunHandle child = start(target, stamp(invoked));
			ExecutorHarness.this.runs.get(child.runId()).result.thenAccept((done) -> {
				ObjectNode memo = JsonNodeFactory.instance.objectNode();
				if (done.completed()) {
					memo.set("data", done.output());
				}
				else {
					memo.set("error", (done.error() != null) ? done.error()
							: JsonNodeFactory.instance.objectNode().put("name", "Error").put("message", "cancelled"));
				}
				synchronized (this) {
					complete(id, memo);
				}
				discoverIfDrained();
			});
		}

		private void retry(Item item, @Nullable String retryAfter, String reason) {
			if (item.attempt() + 1 >= this.function.maxAttempts()) {
				finish(RunResult.Status.FAILED, null,
						JsonNodeFactory.instance.objectNode().put("name", "Error").put("message", reason));
				return;
			}
			Duration delay = ExecutorHarness.this.retryBackoff;
			if (retryAfter != null && retryAfter.matches("[0-9]{1,7}")) {
				delay = shorter(Duration.ofSeconds(Long.parseLong(retryAfter)), ExecutorHarness.this.retryBackoff);
			}
			schedule(new Item(item.target(), item.attempt() + 1, item.planned()), delay);
		}

		private void record(Item item, String name, String id, int delivery, long start, StepTiming.Outcome outcome) {
			timing(new StepTiming(this.function.id(), this.handle.runId(), name, id, item.attempt(), delivery,
					Duration.ofNanos(System.nanoTime() - start), outcome));
		}

	}

	private URI routed(URI registered) {
		URI endpoint = this.route;
		if (endpoint == null) {
			return registered;
		}
		String query = registered.getRawQuery();
		return URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + endpoint.getRawPath()
				+ ((query != null) ? "?" + query : ""));
	}

	private void timing(StepTiming timing) {
		this.timings.add(timing);
		this.listeners.forEach((listener) -> listener.stepFinished(timing));
	}

	private static JsonNode parse(byte[] body) {
		try {
			return (body.length == 0) ? JsonNodeFactory.instance.nullNode() : InngestJson.mapper().readTree(body);
		}
		catch (RuntimeException ex) {
			return JsonNodeFactory.instance.stringNode(new String(body, StandardCharsets.UTF_8));
		}
	}

	/** What a step's result op leaves in the run's state: its data, or its error. */
	private static JsonNode memoOf(JsonNode op) {
		String field = op.path("op").asString("").equals("StepRun") ? "data" : "error";
		return JsonNodeFactory.instance.objectNode().set(field, op.get(field));
	}

	private static StepTiming.Outcome outcomeOf(JsonNode op) {
		return switch (op.path("op").asString("")) {
			case "StepRun" ->
				StepDeferral.isDeferral(op.get("data")) ? StepTiming.Outcome.DEFERRED : StepTiming.Outcome.RAN;
			case "StepError" -> StepTiming.Outcome.ERROR;
			case "StepFailed" -> StepTiming.Outcome.FAILED;
			case "StepPlanned" -> StepTiming.Outcome.PLANNED;
			case "Sleep" -> StepTiming.Outcome.SLEEP;
			case "WaitForEvent" -> StepTiming.Outcome.WAIT;
			case "InvokeFunction" -> StepTiming.Outcome.INVOKE;
			default -> StepTiming.Outcome.TRANSPORT_ERROR;
		};
	}

	private static String duplicateKey(String functionId, @Nullable String hashedId) {
		return functionId + "#" + ((hashedId != null) ? hashedId : "*");
	}

	/** Options of a harness. */
	public static final class Builder {

		private @Nullable String signingKey;

		private Duration maxSleep = Duration.ofMillis(50);

		private Duration maxWait = Duration.ofSeconds(2);

		private Duration retryBackoff = Duration.ofMillis(20);

		private long useApiThreshold = 4L * 1024 * 1024 - 1024;

		private Duration requestTimeout = Duration.ofMinutes(15);

		private int port;

		private final List<HarnessListener> listeners = new ArrayList<>();

		private final Map<String, Integer> duplicates = new LinkedHashMap<>();

		/**
		 * Signs every request with this key and syncs in-band; unsigned (dev) otherwise.
		 */
		public Builder signingKey(@Nullable String signingKey) {
			this.signingKey = signingKey;
			return this;
		}

		/** The longest a sleep really waits (default 50 ms). */
		public Builder maxSleep(Duration maxSleep) {
			this.maxSleep = maxSleep;
			return this;
		}

		/**
		 * The longest a wait for an event really waits before timing out (default 2 s).
		 */
		public Builder maxWait(Duration maxWait) {
			this.maxWait = maxWait;
			return this;
		}

		/** The delay before a retry (default 20 ms; a shorter Retry-After wins). */
		public Builder retryBackoff(Duration retryBackoff) {
			this.retryBackoff = retryBackoff;
			return this;
		}

		/**
		 * Memoized state larger than this is not sent but fetched by the app (use_api).
		 */
		public Builder useApiThreshold(long bytes) {
			this.useApiThreshold = bytes;
			return this;
		}

		/**
		 * How long a request may go unanswered before the harness abandons it (closing
		 * its connection) and retries it as a transport error (default 15 minutes).
		 * Inngest gives up on a step request after its own timeout in the same way; a
		 * worker that was stopped or partitioned mid-step gets its step redelivered.
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			if (requestTimeout.isNegative() || requestTimeout.isZero()) {
				throw new IllegalArgumentException("A request timeout must be positive, not " + requestTimeout);
			}
			this.requestTimeout = requestTimeout;
			return this;
		}

		/** The port of the stand-in API (default: any free port). */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder listener(HarnessListener listener) {
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Delivers a step's request {@code copies} extra times, concurrently with the
		 * original, as Inngest may after a timeout or a crash. Runs of the function plan
		 * every step (as after a parallel group) so each step arrives as its own request.
		 * @param functionId the composite function id
		 * @param stepName the step id as the function names it
		 * @param copies extra deliveries
		 */
		public Builder duplicateDelivery(String functionId, String stepName, int copies) {
			this.duplicates.put(duplicateKey(functionId, hash(stepName)), copies);
			this.duplicates.put(duplicateKey(functionId, null), 0);
			return this;
		}

		public ExecutorHarness build() {
			try {
				return new ExecutorHarness(this);
			}
			catch (IOException ex) {
				throw new HarnessException("Cannot start the harness API: " + ex);
			}
		}

		private static String hash(String stepName) {
			try {
				return HexFormat.of()
					.formatHex(java.security.MessageDigest.getInstance("SHA-1")
						.digest(stepName.getBytes(StandardCharsets.UTF_8)));
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
