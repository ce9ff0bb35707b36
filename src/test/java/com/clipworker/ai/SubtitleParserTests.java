package com.clipworker.ai;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SubtitleParserTests {

	@Test
	void parseSrtGivesOneSegmentPerCueAndSpreadsWordsByLength() {
		String srt = """
				1
				00:00:01,000 --> 00:00:02,000
				Hi everyone

				2
				00:00:03,500 --> 00:00:05,000
				Second cue
				on two lines
				""";
		Transcript transcript = SubtitleParser.parse(srt, "en");
		assertThat(transcript.language()).isEqualTo("en");
		assertThat(transcript.segments()).containsExactly(new Segment("Hi everyone", 1000, 2000),
				new Segment("Second cue on two lines", 3500, 5000));
		// "Hi" weighs 2, the space 1, "everyone" 8 of 11: Hi 1000-1181, everyone
		// 1272-2000
		assertThat(transcript.words().subList(0, 2)).containsExactly(new Word("Hi", 1000, 1181),
				new Word("everyone", 1272, 2000));
		assertThat(transcript.words()).extracting(Word::text)
			.containsExactly("Hi", "everyone", "Second", "cue", "on", "two", "lines");
		assertThat(transcript.words().get(6).endMs()).isEqualTo(5000);
	}

	@Test
	void parseSrtAcceptsBomCrlfTagsAndStyleOverrides() {
		String srt = "\uFEFF1\r\n00:00:00,000 --> 00:00:01,000\r\n{\\an8}<i>Hello</i> <b>there</b> &amp; more\r\n\r\n"
				+ "2\r\n00:00:01,000 --> 00:00:02,000 X1:10 X2:20\r\n<font color=\"red\">Bye</font>\r\n";
		Transcript transcript = SubtitleParser.parse(srt, null);
		assertThat(transcript.segments()).extracting(Segment::text).containsExactly("Hello there & more", "Bye");
		assertThat(transcript.words()).extracting(Word::text).containsExactly("Hello", "there", "&", "more", "Bye");
		assertThat(transcript.language()).isNull();
	}

	@Test
	void parseVttAcceptsCueSettingsIdentifiersNotesVoiceAndTimestampTags() {
		String vtt = """
				WEBVTT - a title
				Kind: captions
				Language: de-DE

				NOTE this block
				is a comment

				STYLE
				::cue { color: yellow }

				intro
				00:01.000 --> 00:02.500 align:start position:10% line:0
				<v Roger Bingham>Guten <00:01.600><c.yellow>Tag</c>

				01:00:00.000 --> 01:00:01.000
				Später
				""";
		Transcript transcript = SubtitleParser.parse(vtt, null);
		assertThat(transcript.language()).isEqualTo("de");
		assertThat(transcript.segments()).containsExactly(new Segment("Guten Tag", 1000, 2500),
				new Segment("Später", 3_600_000, 3_601_000));
		assertThat(transcript.words()).extracting(Word::text).containsExactly("Guten", "Tag", "Später");
	}

	@Test
	void overlappingCuesAreCutWhereTheNextStartsSoWordsNeverRunBackwards() {
		String srt = """
				2
				00:00:02,000 --> 00:00:06,000
				second line

				1
				00:00:00,000 --> 00:00:04,000
				first line
				""";
		Transcript transcript = SubtitleParser.parse(srt, null);
		assertThat(transcript.segments()).containsExactly(new Segment("first line", 0, 2000),
				new Segment("second line", 2000, 6000));
		List<Word> words = transcript.words();
		for (int i = 1; i < words.size(); i++) {
			assertThat(words.get(i).startMs()).isGreaterThanOrEqualTo(words.get(i - 1).endMs());
		}
	}

	@Test
	void parseSrtWithABrokenTimingLineNamesTheLineAndIsNotRetriable() {
		String srt = "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03 -> 00:00:04\nbroken\n";
		assertThatExceptionOfType(SubtitleFormatException.class).isThrownBy(() -> SubtitleParser.parse(srt, null))
			.withMessageContaining("SRT")
			.withMessageContaining("line 6")
			.satisfies((ex) -> assertThat(ex.retriable()).isFalse());
	}

	@Test
	void parseVttWithoutHeaderIsRefused() {
		assertThatExceptionOfType(SubtitleFormatException.class)
			.isThrownBy(() -> SubtitleParser.parse("WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", null))
			.withMessageContaining("line 1");
	}

	@Test
	void parseEmptySrtIsRefused() {
		assertThatExceptionOfType(SubtitleFormatException.class).isThrownBy(() -> SubtitleParser.parse("\n\n", null))
			.withMessageContaining("no cues");
	}

	@Test
	void cueEndingBeforeItStartsIsRefused() {
		assertThatExceptionOfType(SubtitleFormatException.class)
			.isThrownBy(() -> SubtitleParser.parse("1\n00:00:05,000 --> 00:00:04,000\nx\n", null))
			.withMessageContaining("ends before it starts");
	}

}
