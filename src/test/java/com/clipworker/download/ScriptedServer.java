package com.clipworker.download;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 that answers each request path with a scripted
 * behaviour, byte for byte: including the lies and stalls a real server library would not
 * let us write. It records the request lines it receives.
 */
final class ScriptedServer implements AutoCloseable {

	@FunctionalInterface
	interface Behaviour {

		void respond(OutputStream out) throws IOException, InterruptedException;

	}

	private final ServerSocket server;

	private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

	private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

	private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

	ScriptedServer() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread.ofVirtual().start(this::accept);
	}

	ScriptedServer on(String path, Behaviour behaviour) {
		this.behaviours.put(path, behaviour);
		return this;
	}

	ScriptedServer on(String path, String response) {
		return on(path, (out) -> out.write(response.getBytes(StandardCharsets.ISO_8859_1)));
	}

	int port() {
		return this.server.getLocalPort();
	}

	InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
	}

	String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	List<String> requests() {
		return List.copyOf(this.requests);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.sockets.add(socket);
				Thread.ofVirtual().start(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			String requestLine = reader.readLine();
			String header;
			do {
				header = reader.readLine();
			}
			while (header != null && !header.isEmpty());
			if (requestLine == null) {
				return;
			}
			this.requests.add(requestLine);
			String path = requestLine.split(" ")[1];
			Behaviour behaviour = this.behaviours.getOrDefault(path, (out) -> out
				.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
			OutputStream out = socket.getOutputStream();
			behaviour.respond(out);
			out.flush();
		}
		catch (IOException ex) {
			// The client hung up: the normal end of every endless or stalled answer.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		synchronized (this.sockets) {
			for (Socket socket : this.sockets) {
				socket.close();
			}
		}
	}

}
