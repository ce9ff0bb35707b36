package com.clipworker.download;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dialer that records every address it is asked for and only ever opens connections to
 * loopback: either the address itself is loopback, or a route maps a (pretend public)
 * address to a loopback server. Anything else fails without a packet being sent.
 */
final class RecordingDialer implements Dialer {

	private final List<InetSocketAddress> attempts = Collections.synchronizedList(new ArrayList<>());

	private final Map<InetSocketAddress, InetSocketAddress> routes = new HashMap<>();

	RecordingDialer route(InetSocketAddress from, InetSocketAddress loopback) {
		if (!loopback.getAddress().isLoopbackAddress()) {
			throw new IllegalArgumentException("Routes lead to loopback only");
		}
		this.routes.put(from, loopback);
		return this;
	}

	@Override
	public Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
		this.attempts.add(address);
		InetSocketAddress destination = this.routes.getOrDefault(address, address);
		if (!destination.getAddress().isLoopbackAddress()) {
			throw new ConnectException("the test dialer never leaves loopback: " + address);
		}
		Socket socket = new Socket(Proxy.NO_PROXY);
		try {
			socket.connect(destination, (int) timeout.toMillis());
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	List<InetSocketAddress> attempts() {
		return List.copyOf(this.attempts);
	}

}
