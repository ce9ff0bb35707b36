package com.clipworker.media.captions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.clipworker.media.JobDirectories;
import com.clipworker.media.MediaCancelledException;
import com.clipworker.media.MediaProcessException;
import com.clipworker.media.MediaProperties;
import com.clipworker.media.ProcessRunner;
import com.clipworker.media.RunningProcess;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One warm headless Chromium per worker (the OS binary), driven over the DevTools
 * protocol: started lazily through the {@link ProcessRunner} (which kills its whole tree
 * on close and shutdown), with one reused page. A browser that dies or drops its
 * connection fails the call in progress (retriable), its tree is killed and its profile
 * deleted at once, and the next {@link #load} starts a new one; {@link #evaluate} and
 * {@link #screenshot} never start a browser themselves, since a new one has no document
 * loaded and would render an empty page. Every request the page makes other than
 * {@code data:} is failed by {@code Fetch} interception, and a black-hole proxy (with
 * {@code <-loopback>}) and host resolver catch anything that slips past. Callers
 * serialise through the runner's browser slot.
 */
public final class Chromium implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Chromium.class);

	private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

	private final ProcessRunner runner;

	private final MediaProperties properties;

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final AtomicInteger blockedRequests = new AtomicInteger();

	private @Nullable RunningProcess process;

	private volatile @Nullable CdpConnection connection;

	private @Nullable Path userDataDir;

	private @Nullable String sessionId;

	private @Nullable String frameId;

	private int launches;

	public Chromium(ProcessRunner runner) {
		this.runner = runner;
		this.properties = runner.properties();
	}

	/** Requests the page tried to make and the interception failed. */
	public int blockedRequests() {
		return this.blockedRequests.get();
	}

	/** How many times a browser was started (1 while the first one lives). */
	public synchronized int launches() {
		return this.launches;
	}

	/** The pid of the running browser, or -1. */
	public synchronized long pid() {
		RunningProcess running = this.process;
		return (running != null && running.isAlive()) ? running.pid() : -1;
	}

	/**
	 * Loads a document into the page, sized to a viewport.
	 * @param html the document (a fixed template; no user text)
	 * @param width viewport width
	 * @param height viewport height
	 */
	public synchronized void load(String html, int width, int height) {
		ensureStarted();
		ObjectNode metrics = params();
		metrics.put("width", width);
		metrics.put("height", height);
		metrics.put("deviceScaleFactor", 1);
		metrics.put("mobile", false);
		call("Emulation.setDeviceMetricsOverride", metrics);
		ObjectNode content = params();
		content.put("frameId", this.frameId);
		content.put("html", html);
		call("Page.setDocumentContent", content);
	}

	/**
	 * Evaluates an expression in the page, awaiting a promise result.
	 * @param expression JavaScript built from a fixed function and JSON data
	 * @return the result's value
	 */
	public synchronized JsonNode evaluate(String expression) {
		requireRunning("Runtime.evaluate");
		ObjectNode params = params();
		params.put("expression", expression);
		params.put("awaitPromise", true);
		params.put("returnByValue", true);
		JsonNode result = call("Runtime.evaluate", params);
		if (result.has("exceptionDetails")) {
			throw new MediaProcessException(
					"Caption script failed: " + result.get("exceptionDetails").path("text").asString(), null);
		}
		return result.path("result").path("value");
	}

	/**
	 * Captures the top-left of the viewport as a transparent PNG.
	 * @param width clip width
	 * @param height clip height
	 * @param out the file to write
	 */
	public synchronized void screenshot(int width, int height, Path out) {
		requireRunning("Page.captureScreenshot");
		ObjectNode params = params();
		params.put("format", "png");
		params.put("optimizeForSpeed", true);
		params.put("captureBeyondViewport", false);
		ObjectNode clip = params.putObject("clip");
		clip.put("x", 0);
		clip.put("y", 0);
		clip.put("width", width);
		clip.put("height", height);
		clip.put("scale", 1);
		JsonNode result = call("Page.captureScreenshot", params);
		try {
			Files.write(out, Base64.getDecoder().decode(result.path("data").asString()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + out, ex);
		}
	}

	private JsonNode call(String method, ObjectNode params) {
		CdpConnection cdp = this.connection;
		if (cdp == null) {
			throw new MediaProcessException("Chromium is not running", null);
		}
		try {
			return cdp.call(method, params, this.sessionId, this.properties.renderTimeout());
		}
		catch (MediaProcessException ex) {
			if (!cdp.isOpen()) {
				throw gone(method, ex);
			}
			throw ex;
		}
	}

	/**
	 * Fails unless the browser that {@link #load} started still runs: a new one would
	 * have no document.
	 */
	private void requireRunning(String method) {
		RunningProcess running = this.process;
		CdpConnection cdp = this.connection;
		if (running == null || cdp == null) {
			throw new MediaProcessException("Chromium is not running: load a document before " + method, null);
		}
		if (!running.isAlive() || !cdp.isOpen()) {
			throw gone(method, null);
		}
	}

	/**
	 * Kills what is left of a browser that died or dropped its connection, deletes its
	 * profile, and says so in a retriable failure; the next {@link #load} starts a new
	 * one.
	 */
	private MediaProcessException gone(String method, @Nullable Throwable cause) {
		RunningProcess running = this.process;
		long pid = (running != null) ? running.pid() : -1;
		logger.warn("Chromium (pid {}) went away during {}; the next render starts a new one", pid, method);
		stop();
		return new MediaProcessException(
				"Chromium (pid " + pid + ") went away during " + method + "; the next render starts a new one", cause);
	}

	private ObjectNode params() {
		return this.mapper.createObjectNode();
	}

	private void ensureStarted() {
		RunningProcess running = this.process;
		CdpConnection cdp = this.connection;
		if (running != null && running.isAlive() && cdp != null && cdp.isOpen()) {
			return;
		}
		if (running != null) {
			logger.warn("Chromium (pid {}) is gone; starting a new one", running.pid());
		}
		stop();
		start();
	}

	private void start() {
		try {
			Path dataDir = Files.createDirectories(this.properties.workDir())
				.resolve("chromium-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
			Files.createDirectories(dataDir);
			this.userDataDir = dataDir;
			CompletableFuture<String> endpoint = new CompletableFuture<>();
			this.process = this.runner.start(command(dataDir), dataDir, (line) -> {
				Matcher matcher = LISTENING.matcher(line);
				if (matcher.find()) {
					endpoint.complete(matcher.group(1));
				}
			});
			this.launches++;
			String url = endpoint.get(this.properties.chromiumStartTimeout().toMillis(), TimeUnit.MILLISECONDS);
			CdpConnection cdp = CdpConnection.connect(URI.create(url), this.mapper, this::onEvent, CALL_TIMEOUT);
			this.connection = cdp;
			ObjectNode target = params();
			target.put("url", "about:blank");
			String targetId = cdp.call("Target.createTarget", target, null, CALL_TIMEOUT).path("targetId").asString();
			ObjectNode attach = params();
			attach.put("targetId", targetId);
			attach.put("flatten", true);
			this.sessionId = cdp.call("Target.attachToTarget", attach, null, CALL_TIMEOUT).path("sessionId").asString();
			ObjectNode fetch = params();
			fetch.putArray("patterns").addObject().put("urlPattern", "*");
			call("Fetch.enable", fetch);
			call("Page.enable", params());
			ObjectNode background = params();
			ObjectNode color = background.putObject("color");
			color.put("r", 0);
			color.put("g", 0);
			color.put("b", 0);
			color.put("a", 0);
			call("Emulation.setDefaultBackgroundColorOverride", background);
			this.frameId = call("Page.getFrameTree", params()).path("frameTree").path("frame").path("id").asString();
		}
		catch (InterruptedException ex) {
			stop();
			Thread.currentThread().interrupt();
			throw new MediaCancelledException("Starting Chromium");
		}
		catch (ExecutionException | TimeoutException ex) {
			RunningProcess running = this.process;
			String tail = (running != null) ? running.stderrTail() : "";
			stop();
			throw new MediaProcessException("Chromium did not start within "
					+ this.properties.chromiumStartTimeout().toSeconds() + " s: " + tail, ex);
		}
		catch (IOException ex) {
			stop();
			throw new UncheckedIOException("Could not create Chromium's profile directory", ex);
		}
		catch (RuntimeException ex) {
			stop();
			throw ex;
		}
	}

	private void onEvent(JsonNode event) {
		if (!"Fetch.requestPaused".equals(event.path("method").asString())) {
			return;
		}
		CdpConnection cdp = this.connection;
		if (cdp == null) {
			return;
		}
		JsonNode params = event.path("params");
		String url = params.path("request").path("url").asString();
		ObjectNode answer = params();
		answer.put("requestId", params.path("requestId").asString());
		String session = event.path("sessionId").asString();
		if (url.startsWith("data:")) {
			cdp.send("Fetch.continueRequest", answer, session);
		}
		else {
			this.blockedRequests.incrementAndGet();
			answer.put("errorReason", "BlockedByClient");
			cdp.send("Fetch.failRequest", answer, session);
		}
	}

	private List<String> command(Path dataDir) {
		List<String> command = new ArrayList<>(List.of(this.properties.chromium().toString(), "--headless",
				"--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
				// a screenshot need not wait for the next 60 Hz frame: halves its time
				"--disable-frame-rate-limit", "--font-render-hinting=none", "--proxy-server=http://127.0.0.1:9",
				"--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
				"--user-data-dir=" + dataDir, "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1"));
		if (runningAsRoot()) {
			command.add("--no-sandbox");
		}
		command.add("about:blank");
		return command;
	}

	private static boolean runningAsRoot() {
		try {
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	private void stop() {
		CdpConnection cdp = this.connection;
		if (cdp != null) {
			cdp.close();
		}
		RunningProcess running = this.process;
		if (running != null) {
			running.close();
		}
		Path dataDir = this.userDataDir;
		if (dataDir != null) {
			try {
				JobDirectories.deleteTree(dataDir);
			}
			catch (UncheckedIOException ex) {
				logger.warn("Could not delete Chromium's profile {}: {}", dataDir, ex.getMessage());
			}
		}
		this.connection = null;
		this.process = null;
		this.userDataDir = null;
		this.sessionId = null;
		this.frameId = null;
	}

	@Override
	public synchronized void close() {
		stop();
	}

}
