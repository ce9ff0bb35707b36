package com.clipworker.inngest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the Inngest API on loopback: canned answers per path, requests recorded.
 */
final class StubInngestServer implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, Queue<Answer>> answers = new ConcurrentHashMap<>();

	final List<Recorded> requests = new CopyOnWriteArrayList<>();

	StubInngestServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** Queues an answer for a path; the last one queued repeats. */
	StubInngestServer answer(String path, int status, String body) {
		this.answers.computeIfAbsent(path, (key) -> new ConcurrentLinkedQueue<>()).add(new Answer(status, body));
		return this;
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		String path = exchange.getRequestURI().getPath();
		this.requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI(),
				exchange.getRequestHeaders(), new String(body, StandardCharsets.UTF_8)));
		Queue<Answer> queue = this.answers.get(path);
		Answer answer = (queue == null) ? new Answer(404, "{\"error\":\"not found\"}")
				: (queue.size() > 1) ? queue.poll() : queue.peek();
		byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(answer.status(), bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	record Answer(int status, String body) {
	}

	record Recorded(String method, URI uri, Map<String, List<String>> headers, String body) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
