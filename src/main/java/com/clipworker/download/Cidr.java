package com.clipworker.download;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A block of addresses, IPv4 or IPv6, written as {@code address/prefix}.
 *
 * @param network the first address of the block
 * @param prefix the number of leading bits that every member shares
 */
public record Cidr(InetAddress network, int prefix) {

	public Cidr {
		int bits = network.getAddress().length * 8;
		if (prefix < 0 || prefix > bits) {
			throw new IllegalArgumentException("Prefix " + prefix + " out of range for " + network.getHostAddress());
		}
	}

	/**
	 * Parses {@code 10.0.0.0/8} or {@code fc00::/7}. A bare address is a block of one.
	 * The address must be a literal: nothing is resolved.
	 * @param text the block
	 * @return the parsed block
	 * @throws IllegalArgumentException when the text is not a block of literal addresses
	 */
	public static Cidr parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash < 0) ? trimmed : trimmed.substring(0, slash);
		if (!address.contains(":") && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
			throw new IllegalArgumentException("Not a literal address block: " + text);
		}
		try {
			InetAddress network = InetAddress.getByName(address);
			int prefix = (slash < 0) ? network.getAddress().length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
			if (address.contains(":") && network.getAddress().length == 4) {
				// ::ffff:a.b.c.d parses to an IPv4 address; keep the block in IPv6 terms.
				return new Cidr(ipv6(network.getAddress()), prefix);
			}
			return new Cidr(network, prefix);
		}
		catch (UnknownHostException | NumberFormatException ex) {
			throw new IllegalArgumentException("Not a literal address block: " + text, ex);
		}
	}

	private static InetAddress ipv6(byte[] ipv4) throws UnknownHostException {
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		System.arraycopy(ipv4, 0, mapped, 12, 4);
		// getByAddress turns mapped bytes back into IPv4; build the IPv6 form explicitly.
		return java.net.Inet6Address.getByAddress(null, mapped, -1);
	}

	/**
	 * Whether the address lies in this block. IPv4 and IPv6 addresses never match each
	 * other's blocks.
	 * @param address the address to test
	 * @return {@code true} when the address is a member
	 */
	public boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		byte[] base = this.network.getAddress();
		if (candidate.length != base.length) {
			return false;
		}
		int full = this.prefix / 8;
		for (int i = 0; i < full; i++) {
			if (candidate[i] != base[i]) {
				return false;
			}
		}
		int rest = this.prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (candidate[full] & mask) == (base[full] & mask);
	}

	@Override
	public String toString() {
		return this.network.getHostAddress() + "/" + this.prefix;
	}

}
