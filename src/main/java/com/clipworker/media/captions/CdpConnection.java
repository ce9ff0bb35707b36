package com.clipworker.media.captions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.clipworker.media.MediaCancelledException;
import com.clipworker.media.MediaProcessException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Chrome DevTools protocol connection over the JDK's WebSocket client: numbered calls
 * answered by id, events handed to a consumer, flat sessions by id.
 */
final class CdpConnection implements WebSocket.Listener, AutoCloseable {

	private final JsonMapper mapper;

	private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final StringBuilder frame = new StringBuilder();

	private final Consumer<JsonNode> events;

	private volatile @Nullable WebSocket socket;

	private volatile boolean open;

	private CdpConnection(JsonMapper mapper, Consumer<JsonNode> events) {
		this.mapper = mapper;
		this.events = events;
	}

	static CdpConnection connect(URI endpoint, JsonMapper mapper, Consumer<JsonNode> events, Duration timeout) {
		CdpConnection connection = new CdpConnection(mapper, events);
		try {
			connection.socket = HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.connectTimeout(timeout)
				.buildAsync(endpoint, connection)
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			connection.open = true;
			return connection;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MediaCancelledException("Connecting to Chromium");
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new MediaProcessException("Could not connect to Chromium's DevTools endpoint", ex);
		}
	}

	ObjectNode params() {
		return this.mapper.createObjectNode();
	}

	boolean isOpen() {
		return this.open;
	}

	/** Sends a command and waits for its result. */
	JsonNode call(String method, ObjectNode params, @Nullable String sessionId, Duration timeout) {
		CompletableFuture<JsonNode> result = send(method, params, sessionId);
		try {
			JsonNode response = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (response.has("error")) {
				throw new MediaProcessException(
						"Chromium refused " + method + ": " + response.get("error").path("message").asString(), null);
			}
			return response.path("result");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MediaCancelledException("Chromium " + method);
		}
		catch (ExecutionException ex) {
			throw new MediaProcessException("Chromium connection failed during " + method, ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new MediaProcessException(
					"Chromium did not answer " + method + " within " + timeout.toMillis() + " ms", ex);
		}
	}

	/** Sends a command without waiting (safe from the event thread). */
	CompletableFuture<JsonNode> send(String method, ObjectNode params, @Nullable String sessionId) {
		WebSocket ws = this.socket;
		CompletableFuture<JsonNode> result = new CompletableFuture<>();
		if (ws == null || !this.open) {
			result.completeExceptionally(new IllegalStateException("connection closed"));
			return result;
		}
		long id = this.ids.incrementAndGet();
		ObjectNode message = this.mapper.createObjectNode();
		message.put("id", id);
		message.put("method", method);
		message.set("params", params);
		if (sessionId != null) {
			message.put("sessionId", sessionId);
		}
		this.pending.put(id, result);
		synchronized (this) {
			ws.sendText(this.mapper.writeValueAsString(message), true).exceptionally((ex) -> {
				this.pending.remove(id);
				result.completeExceptionally(ex);
				return null;
			});
		}
		return result;
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.frame.append(data);
		if (last) {
			String text = this.frame.toString();
			this.frame.setLength(0);
			JsonNode message = this.mapper.readTree(text);
			if (message.has("id")) {
				CompletableFuture<JsonNode> result = this.pending.remove(message.get("id").asLong());
				if (result != null) {
					result.complete(message);
				}
			}
			else {
				this.events.accept(message);
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		closed(new IllegalStateException("Chromium closed the connection: " + statusCode));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		closed(error);
	}

	private void closed(Throwable reason) {
		this.open = false;
		this.pending.values().forEach((result) -> result.completeExceptionally(reason));
		this.pending.clear();
	}

	@Override
	public void close() {
		WebSocket ws = this.socket;
		if (ws != null) {
			ws.abort();
		}
		closed(new IllegalStateException("closed"));
	}

}
