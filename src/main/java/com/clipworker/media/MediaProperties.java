package com.clipworker.media;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the media capability ({@code clipworker.media.*}).
 *
 * @param ffmpeg the ffmpeg binary ({@code FFMPEG_PATH})
 * @param ffprobe the ffprobe binary ({@code FFPROBE_PATH})
 * @param chromium the Chromium binary ({@code CHROMIUM_PATH})
 * @param workDir where per-job working directories live
 * @param deadline longest one process may run before its tree is killed (below the
 * platform's 15-minute HTTP limit)
 * @param busyWait longest a caller waits for a free slot before a busy error
 * @param retryAfter the retry delay a busy error suggests
 * @param heavySlots concurrent video encodes; 0 means one per 2 cores
 * @param lightSlots concurrent short ffmpeg tasks; 0 means two per 2 cores
 * @param browserSlots concurrent Chromium renders; 0 means one per 2 cores
 * @param staleAfter job directories older than this are deleted at start-up
 * @param minFreeDisk free disk that must remain after an operation's estimated output
 * @param limits input limits for user files
 * @param proxyHeight height of the normalised proxy (sources at or below it keep theirs)
 * @param previewHeight height of clip previews
 * @param sceneSegment scene detection runs in pieces of this length on long sources
 * @param export export frame sizes per aspect, {@code WIDTHxHEIGHT}
 * @param chromiumStartTimeout longest Chromium may take to start
 * @param renderTimeout longest one caption screenshot may take
 */
@Validated
@ConfigurationProperties("clipworker.media")
public record MediaProperties(@NotNull @DefaultValue("/usr/bin/ffmpeg") Path ffmpeg,
		@NotNull @DefaultValue("/usr/bin/ffprobe") Path ffprobe,
		@NotNull @DefaultValue("/usr/bin/chromium") Path chromium,
		@NotNull @DefaultValue("/tmp/clipworker/media") Path workDir, @NotNull @DefaultValue("10m") Duration deadline,
		@NotNull @DefaultValue("60s") Duration busyWait, @NotNull @DefaultValue("30s") Duration retryAfter,
		@Min(0) @DefaultValue("0") int heavySlots, @Min(0) @DefaultValue("0") int lightSlots,
		@Min(0) @DefaultValue("0") int browserSlots, @NotNull @DefaultValue("1h") Duration staleAfter,
		@NotNull @DefaultValue("512MB") DataSize minFreeDisk, @Valid @NotNull @DefaultValue Limits limits,
		@Min(144) @DefaultValue("720") int proxyHeight, @Min(144) @DefaultValue("480") int previewHeight,
		@NotNull @DefaultValue("10m") Duration sceneSegment, @Valid @NotNull @DefaultValue ExportSettings export,
		@NotNull @DefaultValue("20s") Duration chromiumStartTimeout,
		@NotNull @DefaultValue("30s") Duration renderTimeout) {

	/** Defaults for tests and tools that run without Spring. */
	public static MediaProperties defaults(Path workDir) {
		return new MediaProperties(Path.of("/usr/bin/ffmpeg"), Path.of("/usr/bin/ffprobe"),
				Path.of("/usr/bin/chromium"), workDir, Duration.ofMinutes(10), Duration.ofSeconds(60),
				Duration.ofSeconds(30), 0, 0, 0, Duration.ofHours(1), DataSize.ofMegabytes(512), Limits.defaults(), 720,
				480, Duration.ofMinutes(10), ExportSettings.defaults(), Duration.ofSeconds(20), Duration.ofSeconds(30));
	}

	public MediaProperties withDeadline(Duration deadline) {
		return new MediaProperties(this.ffmpeg, this.ffprobe, this.chromium, this.workDir, deadline, this.busyWait,
				this.retryAfter, this.heavySlots, this.lightSlots, this.browserSlots, this.staleAfter, this.minFreeDisk,
				this.limits, this.proxyHeight, this.previewHeight, this.sceneSegment, this.export,
				this.chromiumStartTimeout, this.renderTimeout);
	}

	public MediaProperties withSlots(int heavy, int light, int browser, Duration busyWait) {
		return new MediaProperties(this.ffmpeg, this.ffprobe, this.chromium, this.workDir, this.deadline, busyWait,
				this.retryAfter, heavy, light, browser, this.staleAfter, this.minFreeDisk, this.limits,
				this.proxyHeight, this.previewHeight, this.sceneSegment, this.export, this.chromiumStartTimeout,
				this.renderTimeout);
	}

	public MediaProperties withExport(ExportSettings export) {
		return new MediaProperties(this.ffmpeg, this.ffprobe, this.chromium, this.workDir, this.deadline, this.busyWait,
				this.retryAfter, this.heavySlots, this.lightSlots, this.browserSlots, this.staleAfter, this.minFreeDisk,
				this.limits, this.proxyHeight, this.previewHeight, this.sceneSegment, export, this.chromiumStartTimeout,
				this.renderTimeout);
	}

	/** Slots for a kind, resolving 0 to the per-core default. */
	public int slots(ProcessKind kind) {
		int pairs = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
		return switch (kind) {
			case HEAVY -> (this.heavySlots > 0) ? this.heavySlots : pairs;
			case LIGHT -> (this.lightSlots > 0) ? this.lightSlots : 2 * pairs;
			case BROWSER -> (this.browserSlots > 0) ? this.browserSlots : pairs;
			case CHECK -> 2;
		};
	}

	/**
	 * Limits every user file must meet before any decode.
	 *
	 * @param maxPixels largest frame (width × height), also passed as {@code -max_pixels}
	 * @param maxDuration longest duration
	 * @param maxStreams most streams in the container
	 * @param maxFps highest frame rate
	 * @param maxFileSize largest file
	 */
	public record Limits(@Min(1) @DefaultValue("8294400") long maxPixels,
			@NotNull @DefaultValue("3h") Duration maxDuration, @Min(1) @DefaultValue("8") int maxStreams,
			@Min(1) @DefaultValue("120") int maxFps, @NotNull @DefaultValue("4GB") DataSize maxFileSize) {

		public static Limits defaults() {
			return new Limits(8_294_400, Duration.ofHours(3), 8, 120, DataSize.ofGigabytes(4));
		}

	}

	/**
	 * How exports are encoded: the frame size of each aspect, and the x264 preset and CRF
	 * of the final clip (docs/media.md, "The export encoder", measures the presets).
	 *
	 * @param vertical 9:16
	 * @param square 1:1
	 * @param landscape 16:9
	 * @param preset the x264 preset: a faster one trades bytes for time at a CRF that
	 * keeps the quality
	 * @param crf the x264 constant rate factor (lower is better quality and more bytes)
	 */
	public record ExportSettings(@Pattern(regexp = "\\d+x\\d+") @DefaultValue("1080x1920") String vertical,
			@Pattern(regexp = "\\d+x\\d+") @DefaultValue("1080x1080") String square,
			@Pattern(regexp = "\\d+x\\d+") @DefaultValue("1920x1080") String landscape,
			@Pattern(regexp = X264_PRESETS,
					message = "must be an x264 preset: " + X264_PRESETS) @DefaultValue("veryfast") String preset,
			@Min(0) @Max(51) @DefaultValue("20") int crf) {

		/** The x264 presets, fastest first ({@code placebo} left out). */
		public static final String X264_PRESETS = "ultrafast|superfast|veryfast|faster|fast|medium|slow|slower|veryslow";

		public static ExportSettings defaults() {
			return sizes("1080x1920", "1080x1080", "1920x1080");
		}

		/** These frame sizes, encoded with the default preset and CRF. */
		public static ExportSettings sizes(String vertical, String square, String landscape) {
			return new ExportSettings(vertical, square, landscape, "veryfast", 20);
		}

		public ExportSettings withEncoder(String preset, int crf) {
			return new ExportSettings(this.vertical, this.square, this.landscape, preset, crf);
		}

	}

}
