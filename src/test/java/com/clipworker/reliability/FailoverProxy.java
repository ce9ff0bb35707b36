package com.clipworker.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP front on 127.0.0.1 that sends each new connection to the first backend that
 * accepts it, as a platform's edge does during a deploy: while the old replica listens it
 * gets the traffic; once it stops accepting (graceful shutdown closes its listener), new
 * connections go to the next. A connection whose backend dies is closed on the client
 * too, so the client sees the failure the executor would.
 */
final class FailoverProxy implements AutoCloseable {

	private final ServerSocket server;

	private final List<Integer> backends;

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	FailoverProxy(List<Integer> backends) {
		this.backends = List.copyOf(backends);
		try {
			this.server = new ServerSocket();
			this.server.bind(new InetSocketAddress("127.0.0.1", 0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.threads.execute(this::acceptLoop);
	}

	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Closes every open connection, both sides, as a client that hangs up does: the
	 * backend sees its request's connection go away while it may still be working on it.
	 * @return how many connections were open
	 */
	int disconnectAll() {
		List<Socket> sockets = List.copyOf(this.open);
		sockets.forEach(FailoverProxy::closeQuietly);
		return sockets.size() / 2;
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				this.threads.execute(() -> serve(client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		Socket backend = connect();
		if (backend == null) {
			closeQuietly(client);
			return;
		}
		this.open.add(client);
		this.open.add(backend);
		this.threads.execute(() -> pipe(client, backend));
		pipe(backend, client);
	}

	private Socket connect() {
		for (int port : this.backends) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
				return socket;
			}
			catch (IOException ex) {
				closeQuietly(socket);
			}
		}
		return null;
	}

	private void pipe(Socket from, Socket to) {
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				out.write(buffer, 0, n);
				out.flush();
			}
		}
		catch (SocketException ex) {
			// one side went away: close both below
		}
		catch (IOException ex) {
			// same
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.open.remove(from);
			this.open.remove(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing a broken socket: nothing left to do
		}
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// already closed
		}
		this.open.forEach(FailoverProxy::closeQuietly);
		this.threads.shutdownNow();
	}

}
