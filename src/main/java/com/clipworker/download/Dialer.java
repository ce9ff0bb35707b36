package com.clipworker.download;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;

/**
 * Opens the TCP connection to an address the policy already accepted. The production
 * dialer bypasses every proxy setting, so {@code HTTP(S)_PROXY} or {@code socksProxyHost}
 * cannot route the request around the address check. Tests substitute a recording dialer
 * that connects only to loopback.
 */
@FunctionalInterface
public interface Dialer {

	/**
	 * Connects to exactly this address.
	 * @param address a resolved address and port (no name left to resolve)
	 * @param timeout the connect timeout
	 * @return the connected socket
	 * @throws IOException when the connection fails
	 */
	Socket connect(InetSocketAddress address, Duration timeout) throws IOException;

	/** A plain TCP connection with no proxy. */
	static Dialer direct() {
		return (address, timeout) -> {
			Socket socket = new Socket(Proxy.NO_PROXY);
			try {
				socket.connect(address, (int) Math.max(1, timeout.toMillis()));
				return socket;
			}
			catch (IOException ex) {
				socket.close();
				throw ex;
			}
		};
	}

}
