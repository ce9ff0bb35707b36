package com.clipworker.download;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. The downloader asks once per hop and connects only to
 * what this returned and the policy accepted, so a second, different answer (DNS
 * rebinding) is never used. Tests substitute a recording resolver.
 */
@FunctionalInterface
public interface HostResolver {

	/**
	 * Resolves a host name (never an IP literal: those are parsed without asking).
	 * @param host a lower-case DNS name
	 * @return the addresses, in preference order
	 * @throws UnknownHostException when the name does not resolve
	 */
	List<InetAddress> resolve(String host) throws UnknownHostException;

	/** The JVM's resolver. */
	static HostResolver system() {
		return (host) -> List.of(InetAddress.getAllByName(host));
	}

}
