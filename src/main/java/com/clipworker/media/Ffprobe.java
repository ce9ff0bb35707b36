package com.clipworker.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.github.kokorin.jaffree.Rational;
import com.github.kokorin.jaffree.ffprobe.FFprobeResult;
import com.github.kokorin.jaffree.ffprobe.Format;
import com.github.kokorin.jaffree.ffprobe.SideData;
import com.github.kokorin.jaffree.ffprobe.Stream;
import com.github.kokorin.jaffree.ffprobe.data.JsonFormatParser;
import org.jspecify.annotations.Nullable;

/**
 * Reads and vets user files with ffprobe: only the {@code file} protocol, only the
 * mp4/mov and matroska/webm demuxers, then the limits on size, pixels, duration, streams
 * and frame rate. The JSON ffprobe prints is read into Jaffree's {@link FFprobeResult}
 * model; the process itself runs through the {@link ProcessRunner}.
 */
public class Ffprobe {

	static final String FORMAT_WHITELIST = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm";

	private final ProcessRunner runner;

	private final MediaProperties properties;

	public Ffprobe(ProcessRunner runner) {
		this.runner = runner;
		this.properties = runner.properties();
	}

	/**
	 * Probes a user file and enforces the input limits.
	 * @param input the file, inside a job directory
	 * @return what it holds
	 * @throws MediaRejectedException naming the limit and the measured value
	 */
	public ProbeResult probe(Path input) {
		MediaProperties.Limits limits = this.properties.limits();
		long size = sizeOf(input);
		if (size == 0) {
			throw new MediaRejectedException("non-empty file", "0 bytes");
		}
		if (size > limits.maxFileSize().toBytes()) {
			throw new MediaRejectedException("max-file-size " + limits.maxFileSize().toBytes() + " bytes",
					size + " bytes");
		}
		FFprobeResult result = read(input, FORMAT_WHITELIST, true);
		Format format = result.getFormat();
		if (format == null || format.getFormatName() == null) {
			throw new MediaRejectedException("a readable mp4/mov or matroska/webm container", "no format found");
		}
		String formatName = format.getFormatName();
		String demuxer = pinnedDemuxer(formatName);
		List<Stream> streams = result.getStreams();
		if (streams.size() > limits.maxStreams()) {
			throw new MediaRejectedException("max-streams " + limits.maxStreams(), streams.size() + " streams");
		}
		Stream video = first(streams, "VIDEO");
		if (video == null || video.getWidth() == null || video.getHeight() == null) {
			throw new MediaRejectedException("a video stream", "none");
		}
		long pixels = (long) video.getWidth() * video.getHeight();
		if (pixels > limits.maxPixels()) {
			throw new MediaRejectedException("max-pixels " + limits.maxPixels(),
					video.getWidth() + "x" + video.getHeight() + " = " + pixels + " pixels");
		}
		Float duration = format.getDuration();
		if (duration == null || duration <= 0) {
			throw new MediaRejectedException("a known duration", "none");
		}
		long durationMs = Math.round(duration.doubleValue() * 1000);
		if (durationMs > limits.maxDuration().toMillis()) {
			throw new MediaRejectedException("max-duration " + limits.maxDuration().toSeconds() + " s",
					(durationMs / 1000) + " s");
		}
		double fps = fps(video);
		if (fps > limits.maxFps()) {
			throw new MediaRejectedException("max-fps " + limits.maxFps(), String.format(Locale.ROOT, "%.2f fps", fps));
		}
		Rotation rotation = rotation(video);
		boolean quarterTurn = rotation.degrees() == 90 || rotation.degrees() == 270;
		int width = quarterTurn ? video.getHeight() : video.getWidth();
		int height = quarterTurn ? video.getWidth() : video.getHeight();
		Stream audio = first(streams, "AUDIO");
		List<ProbeResult.StreamInfo> infos = new ArrayList<>();
		for (Stream stream : streams) {
			infos.add(new ProbeResult.StreamInfo((stream.getIndex() != null) ? stream.getIndex() : infos.size(),
					(stream.getCodecType() != null) ? stream.getCodecType().name().toLowerCase(Locale.ROOT) : "unknown",
					(stream.getCodecName() != null) ? stream.getCodecName() : "unknown"));
		}
		return new ProbeResult(demuxer, formatName, durationMs, size, width, height, rotation.degrees(),
				rotation.fromTag(), fps, String.valueOf(video.getCodecName()), String.valueOf(video.getPixFmt()),
				(audio != null) ? audio.getCodecName() : null, infos);
	}

	/**
	 * Probes a file the worker wrote itself, without limits, for its duration and
	 * streams.
	 * @param file an output of an earlier operation
	 * @return the Jaffree model of it
	 */
	public FFprobeResult inspect(Path file) {
		return read(file, FORMAT_WHITELIST + ",ogg,image2,png_pipe,mjpeg,jpeg_pipe", false);
	}

	private FFprobeResult read(Path input, String formats, boolean userFile) {
		List<String> command = List.of(this.properties.ffprobe().toString(), "-v", "error", "-protocol_whitelist",
				"file", "-format_whitelist", formats, "-print_format", "json", "-show_format", "-show_streams",
				"file:" + input.getFileName());
		ProcessResult result;
		try {
			result = this.runner.run(ProcessRequest.of(ProcessKind.LIGHT, command, input.toAbsolutePath().getParent(),
					this.properties.deadline()));
		}
		catch (MediaProcessException ex) {
			if (!userFile) {
				throw ex;
			}
			throw new MediaRejectedException("a readable mp4/mov or matroska/webm container",
					"ffprobe failed: " + ex.stderrTail());
		}
		return new FFprobeResult(new JsonFormatParser()
			.parse(new ByteArrayInputStream(result.stdout().getBytes(StandardCharsets.UTF_8))));
	}

	static String pinnedDemuxer(String formatName) {
		if (formatName.startsWith("mov,mp4")) {
			return "mov";
		}
		if (formatName.startsWith("matroska")) {
			return "matroska";
		}
		throw new MediaRejectedException("a demuxer from " + FORMAT_WHITELIST, formatName);
	}

	private static @Nullable Stream first(List<Stream> streams, String type) {
		for (Stream stream : streams) {
			if (stream.getCodecType() != null && type.equals(stream.getCodecType().name())) {
				return stream;
			}
		}
		return null;
	}

	/**
	 * The clockwise rotation that turns the coded picture upright. A display matrix (what
	 * phones write, and what ffmpeg 5.1 applies while decoding) wins; ffprobe prints its
	 * angle counter-clockwise. Without one, a legacy {@code rotate} tag (clockwise;
	 * Matroska files remuxed by ffmpeg 4 carry it as {@code ROTATE}) counts.
	 */
	static Rotation rotation(Stream video) {
		List<SideData> sideData = video.getSideDataList();
		if (sideData != null) {
			for (SideData data : sideData) {
				if ("Display Matrix".equals(data.getSideDataType()) && data.getRotation() != null) {
					return new Rotation(quarterTurns(-data.getRotation()), false);
				}
			}
		}
		String tag = (video.getTag("rotate") != null) ? video.getTag("rotate") : video.getTag("ROTATE");
		if (tag == null || tag.isBlank()) {
			return new Rotation(0, false);
		}
		int degrees;
		try {
			degrees = (int) Math.round(Double.parseDouble(tag.trim()));
		}
		catch (NumberFormatException ex) {
			throw new MediaRejectedException("a numeric rotate tag", tag);
		}
		int clockwise = quarterTurns(degrees);
		return new Rotation(clockwise, clockwise != 0);
	}

	private static int quarterTurns(int degrees) {
		int clockwise = Math.floorMod(degrees, 360);
		if (clockwise % 90 != 0) {
			throw new MediaRejectedException("a rotation by a multiple of 90 degrees", clockwise + " degrees");
		}
		return clockwise;
	}

	/**
	 * A stream's rotation.
	 *
	 * @param degrees clockwise, 0, 90, 180 or 270
	 * @param fromTag whether it comes from a legacy tag, not a display matrix
	 */
	record Rotation(int degrees, boolean fromTag) {
	}

	private static double fps(Stream video) {
		Rational rate = video.getAvgFrameRate();
		if (rate == null || rate.getDenominator() == 0 || rate.getNumerator() == 0) {
			rate = video.getRFrameRate();
		}
		if (rate == null || rate.getDenominator() == 0) {
			return 0;
		}
		return rate.doubleValue();
	}

	private static long sizeOf(Path input) {
		try {
			return Files.size(input);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the size of " + input.getFileName(), ex);
		}
	}

}
