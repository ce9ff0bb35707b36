package com.clipworker.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.github.kokorin.jaffree.ffprobe.FFprobeResult;
import org.jspecify.annotations.Nullable;

/**
 * Every ffmpeg operation of the worker, one method per job step. Each reads user media
 * with the hardened input arguments ({@code -protocol_whitelist file}, the demuxer pinned
 * from the probe, {@code -max_pixels}, explicit stream maps), writes its output into the
 * output's directory (the job's working directory, where the process runs) and leaves no
 * output behind when it fails.
 */
public class Ffmpeg {

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}");

	private static final Pattern PTS_TIME = Pattern.compile("Parsed_showinfo.*\\bpts_time:\\s*(-?[0-9.]+)");

	private static final Pattern SILENCE_START = Pattern.compile("silence_start:\\s*(-?[0-9.]+)");

	private static final Pattern SILENCE_END = Pattern.compile("silence_end:\\s*(-?[0-9.]+)");

	private static final Pattern EBUR128_FRAME = Pattern
		.compile("\\bt:\\s*([0-9.]+)\\s+TARGET:.*?M:\\s*(-?[0-9.]+|-inf)\\s+S:\\s*(-?[0-9.]+|-inf)");

	private static final Pattern SUMMARY_VALUE = Pattern.compile("^\\s*(I|LRA|Peak):\\s*(-?[0-9.]+|-inf)");

	private static final Pattern LOUDNORM_VALUE = Pattern
		.compile("\"(input_i|input_tp|input_lra|input_thresh|target_offset)\"\\s*:\\s*\"(-?[0-9.]+|-?inf)\"");

	private static final String VIDEO_ENCODE_PRESET = "veryfast";

	private final ProcessRunner runner;

	private final Ffprobe ffprobe;

	private final JobDirectories directories;

	private final MediaProperties properties;

	public Ffmpeg(ProcessRunner runner, Ffprobe ffprobe, JobDirectories directories) {
		this.runner = runner;
		this.ffprobe = ffprobe;
		this.directories = directories;
		this.properties = runner.properties();
	}

	/**
	 * Makes the normalised proxy in one call (short sources): a remux with faststart when
	 * the source is already H.264/AAC yuv420p at or below the proxy height, else a
	 * transcode.
	 * @param input the user file
	 * @param probe its probe
	 * @param out the proxy to write ({@code .mp4})
	 * @param progress receives fractions of the source duration
	 * @return the proxy
	 */
	public Proxy proxy(Path input, ProbeResult probe, Path out, ProgressListener progress) {
		this.directories.requireFreeSpace(out.toAbsolutePath().getParent(), probe.sizeBytes() * 2);
		boolean qualifies = qualifiesForRemux(probe);
		List<String> args = command();
		args.addAll(userInput(probe, input, -1, -1));
		args.addAll(List.of("-map", "0:v:0", "-map", "0:a:0?", "-map_metadata", "-1"));
		if (qualifies) {
			args.addAll(List.of("-c", "copy"));
		}
		else {
			args.addAll(videoEncode(probe));
			args.addAll(List.of("-c:a", "aac", "-b:a", "128k", "-ac", "2"));
		}
		args.addAll(mp4Output(out));
		run(ProcessKind.HEAVY, args, out, probe.durationMs(), progress);
		return new Proxy(out, qualifies);
	}

	/**
	 * Transcodes the video of one time range (no audio), for segment-parallel proxies;
	 * segments made with the same probe join without re-encoding.
	 * @param input the user file
	 * @param probe its probe
	 * @param startMs range start
	 * @param durationMs range length
	 * @param out the segment to write ({@code .mp4})
	 * @param progress receives fractions of the range
	 * @return out
	 */
	public Path transcodeSegment(Path input, ProbeResult probe, long startMs, long durationMs, Path out,
			ProgressListener progress) {
		this.directories.requireFreeSpace(out.toAbsolutePath().getParent(),
				probe.sizeBytes() * durationMs / Math.max(1, probe.durationMs()) * 2);
		List<String> args = command();
		args.addAll(userInput(probe, input, startMs, durationMs));
		args.addAll(List.of("-map", "0:v:0", "-an", "-map_metadata", "-1"));
		args.addAll(videoEncode(probe));
		args.addAll(mp4Output(out));
		run(ProcessKind.HEAVY, args, out, durationMs, progress);
		return out;
	}

	/**
	 * Encodes the proxy's audio once, in one piece, so that joined segments have no gaps
	 * or drift at their boundaries.
	 * @param input the user file
	 * @param probe its probe (must have audio)
	 * @param out the audio to write ({@code .m4a})
	 * @return out
	 */
	public Path proxyAudio(Path input, ProbeResult probe, Path out) {
		requireAudio(probe);
		List<String> args = command();
		args.addAll(userInput(probe, input, -1, -1));
		args.addAll(List.of("-map", "0:a:0", "-vn", "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-f", "mp4",
				"file:" + out.toAbsolutePath()));
		run(ProcessKind.LIGHT, args, out, probe.durationMs(), ProgressListener.NONE);
		return out;
	}

	/**
	 * Joins video segments without re-encoding (concat demuxer on a list the worker
	 * writes, {@code -safe 1}) and muxes the audio encoded once, with faststart.
	 * @param segments segments in order, in the same directory as {@code out}
	 * @param audio the proxy audio, or null for a silent proxy
	 * @param out the proxy to write
	 * @return the proxy
	 */
	public Proxy joinSegments(List<Path> segments, @Nullable Path audio, Path out) {
		Path dir = out.toAbsolutePath().getParent();
		StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
		for (Path segment : segments) {
			list.append("file '").append(sameDirectoryName(segment, dir)).append("'\n");
		}
		Path listFile = dir.resolve(out.getFileName() + ".ffconcat");
		write(listFile, list.toString());
		try {
			List<String> args = command();
			args.addAll(List.of("-protocol_whitelist", "file", "-f", "concat", "-safe", "1", "-i",
					"file:" + listFile.getFileName()));
			if (audio != null) {
				args.addAll(
						List.of("-protocol_whitelist", "file", "-f", "mp4", "-i", "file:" + audio.toAbsolutePath()));
				args.addAll(List.of("-map", "0:v:0", "-map", "1:a:0"));
			}
			else {
				args.addAll(List.of("-map", "0:v:0"));
			}
			args.addAll(List.of("-c", "copy"));
			args.addAll(mp4Output(out));
			run(ProcessKind.LIGHT, args, out, 0, ProgressListener.NONE);
		}
		finally {
			deleteQuietly(listFile);
		}
		return new Proxy(out, false);
	}

	/**
	 * Extracts the audio for speech recognition: 16 kHz mono Opus at 24 kbps in Ogg.
	 * @param input the user file
	 * @param probe its probe (must have audio)
	 * @param out the audio to write ({@code .ogg})
	 * @return out
	 */
	public Path extractSpeechAudio(Path input, ProbeResult probe, Path out) {
		requireAudio(probe);
		List<String> args = command();
		args.addAll(userInput(probe, input, -1, -1));
		args.addAll(List.of("-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000", "-c:a", "libopus", "-b:a", "24k",
				"-application", "voip", "-f", "ogg", "file:" + out.toAbsolutePath()));
		run(ProcessKind.LIGHT, args, out, probe.durationMs(), ProgressListener.NONE);
		return out;
	}

	/**
	 * Splits speech audio into chunks under a byte budget, each overlapping the previous
	 * one. Chunks are re-encoded (Opus encodes at over 60x realtime): a stream copy can
	 * only cut an Ogg file at its pages, which start chunks early and break the budget.
	 * All chunks are cut within one {@link Deadline}; when one fails, none is left.
	 * @param audio the output of {@link #extractSpeechAudio}
	 * @param byteBudget largest size of one chunk
	 * @param overlapMs overlap between neighbours
	 * @return the chunks in order; the audio itself when it already fits
	 */
	public List<AudioChunk> splitAudioChunks(Path audio, long byteBudget, long overlapMs) {
		Deadline operation = operation();
		FFprobeResult info = this.ffprobe.inspect(audio);
		long durationMs = Math.round(info.getFormat().getDuration().doubleValue() * 1000);
		long size = sizeOf(audio);
		if (size <= byteBudget) {
			return List.of(new AudioChunk(audio, 0, durationMs));
		}
		double bytesPerMs = (double) size / durationMs;
		long chunkMs = (long) (byteBudget * 0.9 / bytesPerMs);
		if (chunkMs <= overlapMs * 2) {
			throw new MediaRejectedException("a byte budget that holds more than twice the overlap",
					byteBudget + " bytes for " + overlapMs + " ms overlap");
		}
		for (int attempt = 0; attempt < 6; attempt++) {
			List<AudioChunk> chunks = cutChunks(operation, audio, durationMs, chunkMs, overlapMs, byteBudget);
			if (chunks != null) {
				return chunks;
			}
			// Container overhead put a chunk over the budget: try shorter chunks.
			chunkMs = Math.max(overlapMs * 2 + 1, chunkMs * 4 / 5);
		}
		throw new MediaProcessException(
				"Could not split " + audio.getFileName() + " into chunks under " + byteBudget + " bytes", null);
	}

	private @Nullable List<AudioChunk> cutChunks(Deadline operation, Path audio, long durationMs, long chunkMs,
			long overlapMs, long byteBudget) {
		Path dir = audio.toAbsolutePath().getParent();
		String stem = stem(audio);
		List<AudioChunk> chunks = new ArrayList<>();
		long start = 0;
		int index = 0;
		try {
			while (start < durationMs) {
				long length = Math.min(chunkMs, durationMs - start);
				Path out = dir.resolve(String.format(Locale.ROOT, "%s-chunk-%03d.ogg", stem, index++));
				List<String> args = command();
				args.addAll(List.of("-protocol_whitelist", "file", "-f", "ogg", "-ss", seconds(start), "-t",
						seconds(length), "-i", "file:" + audio.toAbsolutePath(), "-map", "0:a:0", "-ac", "1", "-ar",
						"16000", "-c:a", "libopus", "-b:a", "24k", "-application", "voip", "-f", "ogg",
						"file:" + out.toAbsolutePath()));
				run(operation, ProcessKind.LIGHT, args, out, 0, ProgressListener.NONE);
				chunks.add(new AudioChunk(out, start, length));
				if (sizeOf(out) > byteBudget) {
					chunks.forEach((chunk) -> deleteQuietly(chunk.path()));
					return null;
				}
				if (start + length >= durationMs) {
					break;
				}
				start += chunkMs - overlapMs;
			}
		}
		catch (RuntimeException ex) {
			chunks.forEach((chunk) -> deleteQuietly(chunk.path()));
			throw ex;
		}
		return List.copyOf(chunks);
	}

	/**
	 * Whether a source can become the proxy by a remux alone: H.264 yuv420p in MP4, no
	 * taller than the proxy, at most 60 fps, with AAC audio or none, and stored upright.
	 * A rotated source is transcoded: the proxy is always upright with no rotation
	 * metadata, so no player or later filter has to apply (or could apply twice) a
	 * rotation.
	 * @param probe the source's probe
	 * @return whether {@link #proxy} would only remux it
	 */
	public boolean qualifiesForRemux(ProbeResult probe) {
		return "h264".equals(probe.videoCodec()) && "yuv420p".equals(probe.pixelFormat())
				&& probe.height() <= this.properties.proxyHeight() && "mov".equals(probe.demuxer())
				&& probe.fps() <= 60.5 && (!probe.hasAudio() || "aac".equals(probe.audioCodec()))
				&& probe.rotation() == 0;
	}

	/**
	 * Converts the source's first subtitle stream to WebVTT, for transcripts from
	 * subtitles the upload carries.
	 * @param input the vetted source
	 * @param probe its probe, which must list a subtitle stream
	 * @param out the WebVTT file to write
	 * @return {@code out}
	 */
	public Path extractSubtitles(Path input, ProbeResult probe, Path out) {
		List<String> args = command();
		args.addAll(userInput(probe, input, -1, -1));
		args.addAll(List.of("-map", "0:s:0", "-c:s", "webvtt", "-f", "webvtt", "file:" + out.toAbsolutePath()));
		run(ProcessKind.LIGHT, args, out, 0, ProgressListener.NONE);
		return out;
	}

	/**
	 * Grabs one frame as a JPEG poster at most the proxy height tall.
	 * @param input the user file or proxy
	 * @param probe its probe
	 * @param atMs where to grab
	 * @param out the JPEG to write
	 * @return out
	 */
	public Path poster(Path input, ProbeResult probe, long atMs, Path out) {
		long at = Math.clamp(atMs, 0, Math.max(0, probe.durationMs() - 100));
		List<String> args = command();
		args.addAll(userInput(probe, input, at, -1));
		args.addAll(List.of("-map", "0:v:0", "-frames:v", "1", "-vf",
				upright(probe) + "scale=-2:" + even(Math.min(probe.height(), this.properties.proxyHeight())), "-q:v",
				"3", "-f", "image2", "-update", "1", "file:" + out.toAbsolutePath()));
		run(ProcessKind.LIGHT, args, out, 0, ProgressListener.NONE);
		return out;
	}

	/**
	 * Makes a storyboard sprite (at most 100 thumbnails, 160 px wide, 10 per row) and its
	 * WebVTT index with {@code #xywh} fragments.
	 * @param input the user file or proxy
	 * @param probe its probe
	 * @param outJpg the sprite to write
	 * @param outVtt the index to write
	 * @return the geometry
	 */
	public Storyboard storyboard(Path input, ProbeResult probe, Path outJpg, Path outVtt) {
		int tileWidth = 160;
		int tileHeight = even((int) Math.round(160.0 * probe.height() / probe.width()));
		long intervalMs = Math.max(1000, (long) Math.ceil(probe.durationMs() / 100.0 / 1000.0) * 1000);
		int count = (int) Math.max(1, (probe.durationMs() + intervalMs - 1) / intervalMs);
		int columns = Math.min(10, count);
		int rows = (count + columns - 1) / columns;
		List<String> args = command();
		args.addAll(userInput(probe, input, -1, -1));
		args.addAll(List.of("-map", "0:v:0", "-an", "-vf",
				upright(probe) + String.format(Locale.ROOT, "fps=1000/%d,scale=%d:%d,setsar=1,tile=%dx%d", intervalMs,
						tileWidth, tileHeight, columns, rows),
				"-frames:v", "1", "-q:v", "4", "-f", "image2", "-update", "1", "file:" + outJpg.toAbsolutePath()));
		run(ProcessKind.LIGHT, args, outJpg, probe.durationMs(), ProgressListener.NONE);
		StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
		String sprite = outJpg.getFileName().toString();
		for (int i = 0; i < count; i++) {
			long start = i * intervalMs;
			long end = Math.min(probe.durationMs(), start + intervalMs);
			vtt.append(timestamp(start))
				.append(" --> ")
				.append(timestamp(end))
				.append('\n')
				.append(sprite)
				.append("#xywh=")
				.append((i % columns) * tileWidth)
				.append(',')
				.append((i / columns) * tileHeight)
				.append(',')
				.append(tileWidth)
				.append(',')
				.append(tileHeight)
				.append("\n\n");
		}
		try {
			write(outVtt, vtt.toString());
		}
		catch (RuntimeException ex) {
			deleteQuietly(outJpg);
			throw ex;
		}
		return new Storyboard(outJpg, outVtt, columns, rows, tileWidth, tileHeight, intervalMs, count);
	}

	/**
	 * Finds hard cuts on a 160 px wide decode, in pieces of {@code scene-segment} on long
	 * sources, all within one {@link Deadline}.
	 * @param input the user file or proxy
	 * @param probe its probe
	 * @param threshold scene score above which a frame starts a new scene (0.3 is a good
	 * default)
	 * @return cut times in ms, ascending
	 */
	public List<Long> sceneCuts(Path input, ProbeResult probe, double threshold) {
		Deadline operation = operation();
		List<Long> cuts = new ArrayList<>();
		long segment = this.properties.sceneSegment().toMillis();
		for (long start = 0; start < probe.durationMs(); start += segment) {
			long offset = start;
			long length = Math.min(segment, probe.durationMs() - start);
			List<String> args = command("info");
			args.addAll(userInput(probe, input, start, (start + length < probe.durationMs()) ? length : -1));
			args.addAll(List.of("-map", "0:v:0", "-an", "-vf",
					upright(probe)
							+ String.format(Locale.ROOT, "scale=160:-2,select='gt(scene,%.3f)',showinfo", threshold),
					"-f", "null", "-"));
			runParsing(operation, args, input, (line) -> {
				Matcher matcher = PTS_TIME.matcher(line);
				if (matcher.find()) {
					cuts.add(offset + Math.round(Double.parseDouble(matcher.group(1)) * 1000));
				}
			});
		}
		Collections.sort(cuts);
		return List.copyOf(cuts);
	}

	/**
	 * Finds stretches of silence.
	 * @param input the user file or proxy
	 * @param probe its probe
	 * @param noiseDb level below which audio counts as silent, e.g. -35
	 * @param minDurationMs shortest silence reported
	 * @return silences in order; empty when there is no audio
	 */
	public List<Silence> silences(Path input, ProbeResult probe, double noiseDb, long minDurationMs) {
		if (!probe.hasAudio()) {
			return List.of();
		}
		List<Silence> silences = new ArrayList<>();
		long[] open = { -1 };
		List<String> args = command("info");
		args.addAll(userInput(probe, input, -1, -1));
		args.addAll(List.of("-map", "0:a:0", "-vn", "-af",
				String.format(Locale.ROOT, "silencedetect=noise=%.1fdB:d=%.3f", noiseDb, minDurationMs / 1000.0), "-f",
				"null", "-"));
		runParsing(args, input, (line) -> {
			Matcher start = SILENCE_START.matcher(line);
			if (start.find()) {
				open[0] = Math.max(0, Math.round(Double.parseDouble(start.group(1)) * 1000));
			}
			Matcher end = SILENCE_END.matcher(line);
			if (end.find() && open[0] >= 0) {
				silences.add(new Silence(open[0], Math.round(Double.parseDouble(end.group(1)) * 1000)));
				open[0] = -1;
			}
		});
		if (open[0] >= 0) {
			silences.add(new Silence(open[0], probe.durationMs()));
		}
		return List.copyOf(silences);
	}

	/**
	 * Measures EBU R128 loudness: the summary and one sample per second.
	 * @param input the user file or proxy
	 * @param probe its probe (must have audio)
	 * @return the loudness
	 */
	public Loudness loudness(Path input, ProbeResult probe) {
		requireAudio(probe);
		List<Loudness.Sample> samples = new ArrayList<>();
		double[] summary = { Double.NaN, Double.NaN, Double.NaN };
		boolean[] inSummary = { false };
		int[] frames = { 0 };
		List<String> args = command("verbose");
		args.addAll(userInput(probe, input, -1, -1));
		args.addAll(List.of("-map", "0:a:0", "-vn", "-af", "ebur128=peak=true", "-f", "null", "-"));
		runParsing(args, input, (line) -> {
			Matcher frame = EBUR128_FRAME.matcher(line);
			if (frame.find()) {
				if (++frames[0] % 10 == 0) {
					samples.add(new Loudness.Sample(Math.round(Double.parseDouble(frame.group(1)) * 1000),
							number(frame.group(2)), number(frame.group(3))));
				}
				return;
			}
			if (line.contains("Summary:")) {
				inSummary[0] = true;
			}
			Matcher value = SUMMARY_VALUE.matcher(line);
			if (inSummary[0] && value.find()) {
				int slot = switch (value.group(1)) {
					case "I" -> 0;
					case "LRA" -> 1;
					default -> 2;
				};
				if (Double.isNaN(summary[slot])) {
					summary[slot] = number(value.group(2));
				}
			}
		});
		return new Loudness(summary[0], summary[1], summary[2], samples);
	}

	/**
	 * Cuts a small frame-accurate preview (re-encoded, at most {@code preview-height}
	 * tall).
	 * @param input the proxy or user file
	 * @param probe its probe
	 * @param startMs clip start
	 * @param endMs clip end
	 * @param out the preview to write ({@code .mp4})
	 * @param progress receives fractions of the clip
	 * @return out
	 */
	public Path cutPreview(Path input, ProbeResult probe, long startMs, long endMs, Path out,
			ProgressListener progress) {
		if (endMs <= startMs || startMs < 0 || startMs >= probe.durationMs()) {
			throw new MediaRejectedException("a clip range inside the source (0.." + probe.durationMs() + " ms)",
					startMs + ".." + endMs + " ms");
		}
		long duration = Math.min(endMs, probe.durationMs()) - startMs;
		List<String> args = command();
		args.addAll(userInput(probe, input, startMs, duration));
		args.addAll(List.of("-map", "0:v:0", "-map", "0:a:0?", "-map_metadata", "-1", "-vf",
				upright(probe) + "scale=-2:" + even(Math.min(probe.height(), this.properties.previewHeight()))
						+ ",format=yuv420p",
				"-c:v", "libx264", "-preset", VIDEO_ENCODE_PRESET, "-crf", "26", "-c:a", "aac", "-b:a", "96k", "-ac",
				"2"));
		args.addAll(mp4Output(out));
		run(ProcessKind.HEAVY, args, out, duration, progress);
		return out;
	}

	/**
	 * Composes the final export: frame-accurate cut, reframe to the aspect's configured
	 * size, the caption images overlaid at their times, two-pass loudness normalisation,
	 * H.264/AAC with faststart. The loudness analysis and the encode share one
	 * {@link Deadline}: the encode gets only what the analysis left.
	 * @param input the proxy or user file
	 * @param probe its probe
	 * @param request what to make
	 * @param out the export to write ({@code .mp4})
	 * @param progress receives fractions of the clip
	 * @return out
	 */
	public Path export(Path input, ProbeResult probe, ExportRequest request, Path out, ProgressListener progress) {
		if (request.startMs() >= probe.durationMs()) {
			throw new MediaRejectedException("a clip start inside the source (< " + probe.durationMs() + " ms)",
					request.startMs() + " ms");
		}
		Path dir = out.toAbsolutePath().getParent();
		long duration = Math.min(request.endMs(), probe.durationMs()) - request.startMs();
		Aspect.FrameSize size = request.aspect().size(this.properties.export());
		this.directories.requireFreeSpace(dir, (long) size.width() * size.height() * duration / 1000 / 4);
		Deadline operation = operation();
		String loudnorm = (request.normaliseLoudness() && probe.hasAudio())
				? loudnormSecondPass(operation, input, probe, request.startMs(), duration) : null;
		List<Path> temporary = new ArrayList<>();
		try {
			List<String> args = command();
			args.addAll(userInput(probe, input, request.startMs(), duration));
			StringBuilder graph = new StringBuilder("[0:v]").append(upright(probe))
				.append(reframe(request.reframe(), size))
				.append("[v0];");
			if (!request.captions().isEmpty()) {
				Path list = captionList(request.captions(), duration, dir, out, size, temporary);
				args.addAll(List.of("-protocol_whitelist", "file", "-f", "concat", "-safe", "1", "-i",
						"file:" + list.getFileName()));
				graph.append("[1:v]format=yuva420p[c];[v0][c]overlay=0:")
					.append(request.captionY())
					.append(":eof_action=pass:format=yuv420,format=yuv420p[v]");
			}
			else {
				graph.append("[v0]format=yuv420p[v]");
			}
			args.addAll(List.of("-filter_complex", graph.toString(), "-map", "[v]"));
			if (probe.hasAudio()) {
				args.addAll(List.of("-map", "0:a:0"));
				if (loudnorm != null) {
					args.addAll(List.of("-af", loudnorm, "-ar", "48000"));
				}
				args.addAll(List.of("-c:a", "aac", "-b:a", "128k", "-ac", "2"));
			}
			args.addAll(List.of("-map_metadata", "-1", "-c:v", "libx264", "-preset", this.properties.export().preset(),
					"-crf", Integer.toString(this.properties.export().crf()), "-profile:v", "high", "-pix_fmt",
					"yuv420p"));
			args.addAll(mp4Output(out));
			run(operation, ProcessKind.HEAVY, args, out, duration, progress);
			return out;
		}
		finally {
			temporary.forEach(Ffmpeg::deleteQuietly);
		}
	}

	private String reframe(Reframe reframe, Aspect.FrameSize size) {
		int w = size.width();
		int h = size.height();
		return switch (reframe) {
			case CENTRE_CROP -> String.format(Locale.ROOT,
					"crop='min(iw,ih*%d/%d)':'min(ih,iw*%d/%d)',scale=%d:%d,setsar=1", w, h, h, w, w, h);
			case BLURRED_PAD -> {
				int bw = even(w / 4);
				int bh = even(h / 4);
				yield String.format(Locale.ROOT,
						"split=2[bgsrc][fgsrc];[bgsrc]scale=%d:%d:force_original_aspect_ratio=increase,crop=%d:%d,boxblur=8:2,scale=%d:%d,setsar=1[bg];"
								+ "[fgsrc]scale=%d:%d:force_original_aspect_ratio=decrease:force_divisible_by=2,setsar=1[fg];"
								+ "[bg][fg]overlay=(W-w)/2:(H-h)/2",
						bw, bh, bw, bh, w, h, w, h);
			}
		};
	}

	private Path captionList(List<TimedImage> captions, long durationMs, Path dir, Path out, Aspect.FrameSize size,
			List<Path> temporary) {
		List<TimedImage> sorted = new ArrayList<>(captions);
		sorted.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
		Path blank = dir.resolve(out.getFileName() + ".blank.png");
		BufferedImage first = readImage(sorted.get(0).png());
		writeBlank(blank, first.getWidth(), first.getHeight());
		temporary.add(blank);
		StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
		long cursor = 0;
		for (TimedImage image : sorted) {
			long start = Math.clamp(image.startMs(), cursor, durationMs);
			long end = Math.clamp(image.endMs(), start, durationMs);
			if (start > cursor) {
				appendEntry(list, blank.getFileName().toString(), start - cursor);
			}
			if (end > start) {
				appendEntry(list, sameDirectoryName(image.png(), dir), end - start);
			}
			cursor = Math.max(cursor, end);
		}
		if (cursor < durationMs) {
			appendEntry(list, blank.getFileName().toString(), durationMs - cursor);
		}
		list.append("file '").append(blank.getFileName()).append("'\n");
		Path listFile = dir.resolve(out.getFileName() + ".captions.ffconcat");
		write(listFile, list.toString());
		temporary.add(listFile);
		return listFile;
	}

	private static void appendEntry(StringBuilder list, String name, long durationMs) {
		list.append("file '").append(name).append("'\nduration ").append(seconds(durationMs)).append('\n');
	}

	private String loudnormSecondPass(Deadline operation, Path input, ProbeResult probe, long startMs,
			long durationMs) {
		String target = "I=-14:TP=-1.5:LRA=11";
		Map<String, String> measured = new HashMap<>();
		List<String> args = command("info");
		args.addAll(userInput(probe, input, startMs, durationMs));
		args.addAll(
				List.of("-map", "0:a:0", "-vn", "-af", "loudnorm=" + target + ":print_format=json", "-f", "null", "-"));
		runParsing(operation, args, input, (line) -> {
			Matcher matcher = LOUDNORM_VALUE.matcher(line);
			if (matcher.find()) {
				measured.put(matcher.group(1), matcher.group(2));
			}
		});
		String inputI = measured.get("input_i");
		if (measured.size() < 5 || inputI == null || inputI.contains("inf")) {
			return "loudnorm=" + target;
		}
		return String.format(Locale.ROOT,
				"loudnorm=%s:measured_I=%s:measured_TP=%s:measured_LRA=%s:measured_thresh=%s:offset=%s:linear=true",
				target, inputI, measured.get("input_tp"), measured.get("input_lra"), measured.get("input_thresh"),
				measured.get("target_offset"));
	}

	private List<String> videoEncode(ProbeResult probe) {
		int height = even(Math.min(probe.height(), this.properties.proxyHeight()));
		double fps = (probe.fps() > 0) ? Math.min(probe.fps(), 30.0) : 30.0;
		String rate = String.format(Locale.ROOT, "%.3f", fps);
		int gop = (int) Math.round(fps * 2);
		return List.of("-vf", upright(probe) + "scale=-2:" + height + ",format=yuv420p", "-fps_mode", "cfr", "-r", rate,
				"-c:v", "libx264", "-preset", VIDEO_ENCODE_PRESET, "-crf", "23", "-g", String.valueOf(gop),
				"-keyint_min", String.valueOf(gop), "-sc_threshold", "0", "-profile:v", "high", "-pix_fmt", "yuv420p");
	}

	/**
	 * The filters that turn a legacy-tagged picture upright, to lead a filter chain. A
	 * display matrix needs none: ffmpeg applies it while decoding (autorotate) and writes
	 * no matrix on an encoded output, so every output of the worker is upright either
	 * way. Frame sizes derived from the probe are display sizes.
	 */
	static String upright(ProbeResult probe) {
		if (!probe.rotationFromTag()) {
			return "";
		}
		return switch (probe.rotation()) {
			case 90 -> "transpose=clock,";
			case 180 -> "hflip,vflip,";
			case 270 -> "transpose=cclock,";
			default -> "";
		};
	}

	/** The hardened arguments that read a user file. */
	private List<String> userInput(ProbeResult probe, Path input, long startMs, long durationMs) {
		List<String> args = new ArrayList<>(List.of("-protocol_whitelist", "file", "-f", probe.demuxer(), "-max_pixels",
				String.valueOf(this.properties.limits().maxPixels())));
		if (startMs > 0) {
			args.addAll(List.of("-ss", seconds(startMs)));
		}
		// A whole-file read is still bounded by the duration limit: headers can lie.
		long limit = (durationMs > 0) ? durationMs : this.properties.limits().maxDuration().toMillis();
		args.addAll(List.of("-t", seconds(limit)));
		args.addAll(List.of("-i", "file:" + input.toAbsolutePath()));
		return args;
	}

	private List<String> command() {
		return command("error");
	}

	private List<String> command(String logLevel) {
		return new ArrayList<>(List.of(this.properties.ffmpeg().toString(), "-nostdin", "-hide_banner", "-nostats",
				"-loglevel", logLevel, "-y"));
	}

	private static List<String> mp4Output(Path out) {
		return List.of("-movflags", "+faststart", "-f", "mp4", "file:" + out.toAbsolutePath());
	}

	/** The deadline of an operation that runs several processes, starting now. */
	private Deadline operation() {
		return Deadline.in(this.properties.deadline());
	}

	private void run(ProcessKind kind, List<String> args, Path out, long expectedMs, ProgressListener progress) {
		this.runner.run(writing(kind, args, out, expectedMs, progress));
	}

	private void run(Deadline operation, ProcessKind kind, List<String> args, Path out, long expectedMs,
			ProgressListener progress) {
		this.runner.run(writing(kind, args, out, expectedMs, progress).within(operation));
	}

	private ProcessRequest writing(ProcessKind kind, List<String> args, Path out, long expectedMs,
			ProgressListener progress) {
		List<String> command = new ArrayList<>(args);
		if (progress != ProgressListener.NONE) {
			command.addAll(command.size() - 1, List.of("-progress", "pipe:1"));
		}
		return ProcessRequest.of(kind, command, out.toAbsolutePath().getParent(), this.properties.deadline())
			.withOutputs(out)
			.withProgress(expectedMs, progress);
	}

	private void runParsing(List<String> args, Path input, Consumer<String> lines) {
		this.runner.run(parsing(args, input, lines));
	}

	private void runParsing(Deadline operation, List<String> args, Path input, Consumer<String> lines) {
		this.runner.run(parsing(args, input, lines).within(operation));
	}

	private ProcessRequest parsing(List<String> args, Path input, Consumer<String> lines) {
		return ProcessRequest
			.of(ProcessKind.LIGHT, args, input.toAbsolutePath().getParent(), this.properties.deadline())
			.withStderrLines(lines);
	}

	private static void requireAudio(ProbeResult probe) {
		if (!probe.hasAudio()) {
			throw new MediaRejectedException("an audio stream", "none");
		}
	}

	private static String sameDirectoryName(Path file, Path dir) {
		String name = file.getFileName().toString();
		if (!file.toAbsolutePath().getParent().equals(dir) || !SAFE_NAME.matcher(name).matches()) {
			throw new IllegalArgumentException(
					"Concat inputs must be plainly named files in the job directory " + dir + ": " + file);
		}
		return name;
	}

	private static BufferedImage readImage(Path png) {
		try {
			BufferedImage image = ImageIO.read(png.toFile());
			if (image == null) {
				throw new MediaProcessException("Not an image: " + png.getFileName(), null);
			}
			return image;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + png, ex);
		}
	}

	private static void writeBlank(Path png, int width, int height) {
		try {
			ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), "png", png.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + png, ex);
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write " + file, ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + file, ex);
		}
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the size of " + file, ex);
		}
	}

	private static String stem(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return (dot > 0) ? name.substring(0, dot) : name;
	}

	private static double number(String value) {
		return value.endsWith("inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(value);
	}

	static int even(int value) {
		return Math.max(2, value - (value % 2));
	}

	static String seconds(long ms) {
		return String.format(Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
	}

	static String timestamp(long ms) {
		return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60,
				ms % 1000);
	}

}
