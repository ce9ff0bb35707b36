package com.clipworker.download;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which resolved addresses the downloader may connect to: every address except the blocks
 * below, which cover loopback, private, link-local, CGNAT, ULA, NAT64, 6to4, Teredo,
 * IPv4-mapped and IPv4-compatible IPv6, multicast, documentation, benchmarking and
 * reserved space. The JDK's {@code isSiteLocalAddress()} and friends miss several of
 * these ({@code fd00::/8}, {@code 100.64.0.0/10}, {@code 64:ff9b::/96}), so the list is
 * explicit. A test-only allow-list can open single blocks (the loopback test server); it
 * is empty unless configured.
 */
public final class AddressPolicy {

	static final Map<Cidr, String> DENIED = denied();

	private final List<Cidr> allowed;

	public AddressPolicy(List<Cidr> testOnlyAllowed) {
		this.allowed = List.copyOf(testOnlyAllowed);
	}

	private static Map<Cidr, String> denied() {
		Map<Cidr, String> blocks = new LinkedHashMap<>();
		deny(blocks, "0.0.0.0/8", "\"this network\"");
		deny(blocks, "10.0.0.0/8", "private");
		deny(blocks, "100.64.0.0/10", "carrier-grade NAT");
		deny(blocks, "127.0.0.0/8", "loopback");
		deny(blocks, "169.254.0.0/16", "link-local (cloud metadata)");
		deny(blocks, "172.16.0.0/12", "private");
		deny(blocks, "192.0.0.0/24", "IETF protocol assignments");
		deny(blocks, "192.0.2.0/24", "documentation");
		deny(blocks, "192.88.99.0/24", "6to4 relay anycast");
		deny(blocks, "192.168.0.0/16", "private");
		deny(blocks, "198.18.0.0/15", "benchmarking");
		deny(blocks, "198.51.100.0/24", "documentation");
		deny(blocks, "203.0.113.0/24", "documentation");
		deny(blocks, "224.0.0.0/4", "multicast");
		deny(blocks, "240.0.0.0/4", "reserved (and broadcast)");
		deny(blocks, "::/128", "unspecified");
		deny(blocks, "::1/128", "loopback");
		deny(blocks, "::ffff:0:0/96", "IPv4-mapped");
		deny(blocks, "::/96", "IPv4-compatible");
		deny(blocks, "64:ff9b::/96", "NAT64");
		deny(blocks, "64:ff9b:1::/48", "local-use NAT64");
		deny(blocks, "100::/64", "discard-only");
		deny(blocks, "2001::/32", "Teredo");
		deny(blocks, "2001:2::/48", "benchmarking");
		deny(blocks, "2001:10::/28", "ORCHID");
		deny(blocks, "2001:20::/28", "ORCHIDv2");
		deny(blocks, "2001:db8::/32", "documentation");
		deny(blocks, "2002::/16", "6to4");
		deny(blocks, "3fff::/20", "documentation");
		deny(blocks, "5f00::/16", "segment routing");
		deny(blocks, "fc00::/7", "unique local (private IPv6)");
		deny(blocks, "fe80::/10", "link-local");
		deny(blocks, "fec0::/10", "site-local");
		deny(blocks, "ff00::/8", "multicast");
		return Collections.unmodifiableMap(blocks);
	}

	private static void deny(Map<Cidr, String> blocks, String cidr, String name) {
		blocks.put(Cidr.parse(cidr), name);
	}

	/** The denied blocks, for documentation and property tests. */
	public static List<Cidr> deniedBlocks() {
		return new ArrayList<>(DENIED.keySet());
	}

	/**
	 * Why the address may not be contacted, if it may not.
	 * @param address a resolved address
	 * @return the name and block that deny it, or empty when it may be contacted
	 */
	public Optional<String> denial(InetAddress address) {
		for (Cidr block : this.allowed) {
			if (block.contains(address)) {
				return Optional.empty();
			}
		}
		for (Map.Entry<Cidr, String> entry : DENIED.entrySet()) {
			if (entry.getKey().contains(address)) {
				return Optional
					.of(describe(address) + " is in a denied range: " + entry.getValue() + " (" + entry.getKey() + ")");
			}
		}
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			// The table names all of these; this keeps a JDK-detected case from slipping
			// through a typo in it.
			return Optional.of(describe(address) + " is a local or private address");
		}
		return Optional.empty();
	}

	private static String describe(InetAddress address) {
		return "address " + address.getHostAddress();
	}

}
