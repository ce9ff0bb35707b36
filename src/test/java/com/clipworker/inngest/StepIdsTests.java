package com.clipworker.inngest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The step-hash vectors of the protocol brief (§4), repeats included. */
class StepIdsTests {

	@Test
	void hashesStepIds() {
		assertThat(StepIds.hash("my-step-id")).isEqualTo("e7d8a2f140845095749d60246ff1110c9d01d76a");
		assertThat(StepIds.hash("first step")).isEqualTo("98bf98df193bcce7c33e6bc50927cf2ac21206cb");
		assertThat(StepIds.hash("sleep")).isEqualTo("c3ca5f787365eae0dea86250e27d476406956478");
		assertThat(StepIds.hash("second step")).isEqualTo("764e20ec975d4ef820d0f42e6a5833384bd7ee36");
		assertThat(StepIds.hash("wait")).isEqualTo("daaad336276d15594d0e765f96c17cd746bf4971");
		assertThat(StepIds.hash("transcode-video")).isEqualTo("127287b4e0af9708f832932da8b2c2bf0cb3793a");
		assertThat(StepIds.hash("complete")).isEqualTo("0737c22d3bfae812339732d14d8c7dbd6dc4e09c");
	}

	@Test
	void repeatsGetAnIndexSuffix() {
		StepIds ids = new StepIds();
		assertThat(ids.next("my-step-id").hashed()).isEqualTo("e7d8a2f140845095749d60246ff1110c9d01d76a");
		StepIds.Occurrence second = ids.next("my-step-id");
		assertThat(second.hashed()).isEqualTo("f47c6228c581af870aa285200cf95ec3ac59bb6a");
		assertThat(second.index()).isEqualTo(1);
		assertThat(ids.next("my-step-id").hashed()).isEqualTo("5fdb32cd3e6e3d62fa480ac2ad526b79c2682845");
		StepIds other = new StepIds();
		other.next("transcode-video");
		assertThat(other.next("transcode-video").hashed()).isEqualTo("68247f33392174e358c14aa3b531b996d87f738d");
	}

	@Test
	void aStepLiterallyNamedLikeARepeatDoesNotCollide() {
		StepIds ids = new StepIds();
		String literal = ids.next("x:1").hashed();
		ids.next("x");
		StepIds.Occurrence repeat = ids.next("x");
		assertThat(repeat.hashed()).isNotEqualTo(literal).isEqualTo(StepIds.hash("x:2"));
	}

}
