package com.clipworker.download;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

import javax.net.ssl.SSLSocketFactory;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Property tests over the deny-list: any address drawn from any denied block is denied,
 * in every textual form a URL can carry, and is refused before a dial; addresses drawn
 * from ordinary public blocks pass.
 */
class AddressPolicyTests {

	private final AddressPolicy policy = new AddressPolicy(List.of());

	@Property(tries = 2000)
	void everyAddressInADeniedBlockIsDenied(@ForAll("deniedAddresses") InetAddress address) {
		assertThat(this.policy.denial(address)).as(address.getHostAddress()).isPresent();
	}

	@Property(tries = 500)
	void everyDeniedAddressIsRefusedBeforeDialling(@ForAll("deniedAddresses") InetAddress address) {
		RecordingDialer dialer = new RecordingDialer();
		UrlDownloader downloader = new UrlDownloader(UrlDownloaderTests.properties(), new RecordingResolver(), dialer,
				(SSLSocketFactory) SSLSocketFactory.getDefault());
		for (String url : urls(address)) {
			assertThatExceptionOfType(DownloadRejectedException.class).as(url)
				.isThrownBy(() -> downloader.download(url, Path.of("never-written")));
		}
		assertThat(dialer.attempts()).isEmpty();
	}

	@Property(tries = 500)
	void deniedAddressesBehindANameAreRefusedBeforeDialling(@ForAll("deniedAddresses") InetAddress address) {
		RecordingDialer dialer = new RecordingDialer();
		RecordingResolver resolver = new RecordingResolver().answer("videos.example.com", List.of(address));
		UrlDownloader downloader = new UrlDownloader(UrlDownloaderTests.properties(), resolver, dialer,
				(SSLSocketFactory) SSLSocketFactory.getDefault());
		assertThatExceptionOfType(DownloadRejectedException.class)
			.isThrownBy(() -> downloader.download("https://videos.example.com/a.mp4", Path.of("never-written")));
		assertThat(dialer.attempts()).isEmpty();
	}

	@Property(tries = 1000)
	void publicAddressesPass(@ForAll("publicAddresses") InetAddress address) {
		assertThat(this.policy.denial(address)).as(address.getHostAddress()).isEmpty();
	}

	@Test
	void allowListOpensOnlyItsBlock() throws Exception {
		AddressPolicy testPolicy = new AddressPolicy(List.of(Cidr.parse("127.0.0.1/32")));
		assertThat(testPolicy.denial(InetAddress.getByName("127.0.0.1"))).isEmpty();
		assertThat(testPolicy.denial(InetAddress.getByName("127.0.0.2"))).isPresent();
		assertThat(testPolicy.denial(InetAddress.getByName("169.254.169.254"))).isPresent();
	}

	@Test
	void cidrParsesBothFamiliesAndRejectsNames() {
		assertThat(Cidr.parse("10.0.0.0/8").contains(RecordingResolver.address("10.200.1.1"))).isTrue();
		assertThat(Cidr.parse("10.0.0.0/8").contains(RecordingResolver.address("11.0.0.1"))).isFalse();
		assertThat(Cidr.parse("fc00::/7").contains(RecordingResolver.address("fdff::1"))).isTrue();
		assertThat(Cidr.parse("fc00::/7").contains(RecordingResolver.address("fe00::1"))).isFalse();
		assertThat(Cidr.parse("::ffff:0:0/96").network()).isInstanceOf(Inet6Address.class);
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Cidr.parse("example.com/8"));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Cidr.parse("10.0.0.0/33"));
	}

	/** The forms a URL can use for the address: dotted, integer, bracketed and mapped. */
	private static List<String> urls(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			long integer = ((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xffL) << 16) | ((bytes[2] & 0xffL) << 8)
					| (bytes[3] & 0xffL);
			return List.of("http://" + address.getHostAddress() + "/", "http://" + integer + "/",
					"http://0x" + Long.toHexString(integer) + "/", "http://[::ffff:" + address.getHostAddress() + "]/");
		}
		return List.of("http://[" + address.getHostAddress() + "]/");
	}

	@Provide
	Arbitrary<InetAddress> deniedAddresses() {
		return Combinators
			.combine(Arbitraries.of(AddressPolicy.deniedBlocks()), Arbitraries.bytes().array(byte[].class).ofSize(16))
			.as(AddressPolicyTests::addressIn);
	}

	@Provide
	Arbitrary<InetAddress> publicAddresses() {
		Arbitrary<InetAddress> ipv4 = Combinators
			.combine(Arbitraries.of(1, 8, 23, 45, 93, 104, 151, 185, 203), Arbitraries.integers().between(0, 255),
					Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 254))
			.as((a, b, c, d) -> RecordingResolver.address(a + "." + b + "." + c + "." + d))
			.filter((address) -> !address.getHostAddress().startsWith("203.0.113."));
		Arbitrary<InetAddress> ipv6 = Arbitraries.bytes()
			.array(byte[].class)
			.ofSize(14)
			.map((rest) -> ipv6(new byte[] { 0x2a, 0x00 }, rest));
		return Arbitraries.oneOf(ipv4, ipv6);
	}

	private static InetAddress addressIn(Cidr block, byte[] random) {
		byte[] base = block.network().getAddress();
		byte[] result = new byte[base.length];
		for (int i = 0; i < base.length; i++) {
			int bitsFixed = Math.max(0, Math.min(8, block.prefix() - i * 8));
			int mask = (0xff << (8 - bitsFixed)) & 0xff;
			result[i] = (byte) ((base[i] & mask) | (random[i] & ~mask & 0xff));
		}
		try {
			return (result.length == 16) ? Inet6Address.getByAddress(null, result, -1)
					: InetAddress.getByAddress(result);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static InetAddress ipv6(byte[] prefix, byte[] rest) {
		byte[] bytes = new byte[16];
		System.arraycopy(prefix, 0, bytes, 0, prefix.length);
		System.arraycopy(rest, 0, bytes, prefix.length, rest.length);
		try {
			return Inet6Address.getByAddress(null, bytes, -1);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
