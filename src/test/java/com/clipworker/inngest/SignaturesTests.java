package com.clipworker.inngest;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The signature, Bearer and event-key vectors of the protocol brief (§5.5 A to F). */
class SignaturesTests {

	static final String KEY = "signkey-test-7468697320697320612074657374206b6579";

	static final String BODY_A = "{\"ctx\":{\"attempt\":0,\"disable_immediate_execution\":false,\"run_id\":\"01HZX3Y5V4Q2W8E6R7T9Y0U1I2\","
			+ "\"stack\":{\"current\":0,\"stack\":[]},\"use_api\":false},\"event\":{\"data\":{\"videoId\":\"v1\"},"
			+ "\"id\":\"01HZX3Y5V4Q2W8E6R7T9Y0U1I3\",\"name\":\"video/uploaded\",\"ts\":1705586500000,\"user\":{}},"
			+ "\"events\":[{\"data\":{\"videoId\":\"v1\"},\"id\":\"01HZX3Y5V4Q2W8E6R7T9Y0U1I3\",\"name\":\"video/uploaded\","
			+ "\"ts\":1705586500000,\"user\":{}}],\"steps\":{},\"version\":2}";

	@Test
	void signsAnExecutionRequestOverTheRawBody() {
		assertThat(BODY_A.getBytes(StandardCharsets.UTF_8)).hasSize(412);
		assertThat(Signatures.sign(KEY, BODY_A.getBytes(StandardCharsets.UTF_8), 1705586504L))
			.isEqualTo("t=1705586504&s=449aaee3b2cad6bf96e4d08d45cd346d3caddf876c60cd505fed1d1e2a90da23");
	}

	@Test
	void usesTheKeyStringNotItsHexDecodedBytes() {
		assertThat(Signatures.sign(KEY, BODY_A.getBytes(StandardCharsets.UTF_8), 1705586504L))
			.doesNotContain("338de39afe8c5e30cccdbb66c6d1012b3979fee6b777b5163a023e4fcefdcbf2");
		assertThat(Signatures.sign("7468697320697320612074657374206b6579", BODY_A.getBytes(StandardCharsets.UTF_8),
				1705586504L))
			.endsWith("449aaee3b2cad6bf96e4d08d45cd346d3caddf876c60cd505fed1d1e2a90da23");
	}

	@Test
	void signsAnEmptyGetBody() {
		assertThat(Signatures.sign(KEY, new byte[0], 1705586504L))
			.isEqualTo("t=1705586504&s=57e74d31fe5c685e9fca1effda35f10afcd5d6b5c2e5370b7bf037c24902af0b");
	}

	@Test
	void syncBodyIsSignedInItsCanonicalForm() throws Exception {
		byte[] raw = "{\"url\":\"http://127.0.0.1:8080/api/inngest?a=1\\u0026b=2\"}".getBytes(StandardCharsets.UTF_8);
		byte[] canonical = Signatures.canonicalize(raw);
		assertThat(new String(canonical, StandardCharsets.UTF_8))
			.isEqualTo("{\"url\":\"http://127.0.0.1:8080/api/inngest?a=1&b=2\"}");
		assertThat(Signatures.sign(KEY, canonical, 1705586504L))
			.endsWith("s=dec8a392f9d83e7d15226f0ca83b8227d4f9b970ddc2b5ca1869e208b31af1ee");
		assertThat(Signatures.sign(KEY, raw, 1705586504L))
			.endsWith("s=6c1432af01eb8cd38b20c3e4ebb207cb4819edf1a080a935c796443f42c47497");
	}

	@Test
	void canonicalFormOfAnExecutorBodyIsTheBodyItself() throws Exception {
		assertThat(Signatures.canonicalize(BODY_A.getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(BODY_A.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void signsAResponse() {
		String body = "[{\"id\":\"98bf98df193bcce7c33e6bc50927cf2ac21206cb\",\"op\":\"StepRun\",\"name\":\"first step\","
				+ "\"displayName\":\"first step\",\"data\":\"first step\"}]";
		// The brief counts 134 bytes; the body is 133 and the vector's HMAC is over these
		// 133.
		assertThat(Signatures.sign(KEY, body.getBytes(StandardCharsets.UTF_8), 1705586510L))
			.isEqualTo("t=1705586510&s=123e3c6fb45ae97a199b44790abb4a62a015ece7bd228745c28f447249fd3066");
	}

	@Test
	void hashesTheBearerToken() {
		assertThat(Signatures.bearer(KEY))
			.isEqualTo("signkey-test-ed30c63423735b44011c49a38c01a8062833420cfb299072e0263c986242556a");
		// The published test vector: the prefix is kept, the hex part is hashed.
		assertThat(Signatures.bearer("signkey-prod-12345678")).startsWith("signkey-prod-")
			.endsWith("b2ed992186a5cb19f6668aade821f502c1d00970dfd0e35128d51bac4649916c")
			.hasSize("signkey-prod-".length() + 64);
	}

	@Test
	void bearerOfANonHexKeyIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Signatures.bearer("signkey-test-nothex"));
	}

	@Test
	void hashesTheEventKey() {
		assertThat(Signatures.hashEventKey("test"))
			.isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
	}

	@Test
	void parsesHeadersStrictly() {
		String s = "449aaee3b2cad6bf96e4d08d45cd346d3caddf876c60cd505fed1d1e2a90da23";
		assertThat(Signatures.parse("t=1705586504&s=" + s)).isNotNull();
		assertThat(Signatures.parse("s=" + s + "&t=1705586504")).isNotNull();
		assertThat(Signatures.parse("t=0x1A&s=" + s)).isNull();
		assertThat(Signatures.parse("t=-5&s=" + s)).isNull();
		assertThat(Signatures.parse("t=1705586504&s=" + s.substring(2))).isNull();
		assertThat(Signatures.parse("t=1705586504&s=" + s + "&t=1")).isNull();
		assertThat(Signatures.parse("t=1705586504")).isNull();
		assertThat(Signatures.parse("garbage")).isNull();
		assertThat(Signatures.parse(null)).isNull();
	}

	@Test
	void matchesOnlyTheRightSignature() {
		byte[] body = BODY_A.getBytes(StandardCharsets.UTF_8);
		Signatures.Header header = Signatures.parse(Signatures.sign(KEY, body, 1705586504L));
		assertThat(Signatures.matches(KEY, body, header)).isTrue();
		assertThat(Signatures.matches("signkey-test-00", body, header)).isFalse();
		body[10] = 'X';
		assertThat(Signatures.matches(KEY, body, header)).isFalse();
	}

}
