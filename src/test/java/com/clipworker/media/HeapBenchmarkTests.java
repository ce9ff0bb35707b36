package com.clipworker.media;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heap while a 1 GB source goes through probe, proxy, speech audio, storyboard and scene
 * cuts: sampled every 20 ms; the peak must stay within 64 MB of the baseline, because no
 * media bytes pass through the heap. Run with
 * {@code ./mvnw -B -ntp test -Dtest=HeapBenchmarkTests -Dexcluded.test.groups=slow};
 * results in the log and {@code target/benchmarks/heap.txt}.
 */
@Tag("benchmark")
class HeapBenchmarkTests {

	private static final Logger logger = LoggerFactory.getLogger(HeapBenchmarkTests.class);

	@TempDir
	Path dir;

	@Test
	void heapStaysFlatWhileAGigabyteSourceIsProcessed() throws Exception {
		// Raw 640x360 video in Matroska: 345,600 bytes a frame, 3,100 frames = 1.07 GB.
		Path source = this.dir.resolve("big.mkv");
		MediaFixtures.ffmpeg(this.dir, "-f", "lavfi", "-i", "testsrc2=s=640x360:r=30", "-f", "lavfi", "-i",
				"sine=f=300", "-frames:v", "3100", "-t", "103.4", "-c:v", "rawvideo", "-pix_fmt", "yuv420p", "-c:a",
				"pcm_s16le", source.toString());
		long size = Files.size(source);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		List<String> report = new ArrayList<>();
		try (ProcessRunner runner = MediaFixtures.runner(this.dir.resolve("work"))) {
			Ffprobe ffprobe = new Ffprobe(runner);
			Ffmpeg ffmpeg = new Ffmpeg(runner, ffprobe, new JobDirectories(runner.properties()));
			System.gc();
			long baseline = memory.getHeapMemoryUsage().getUsed();
			AtomicLong peak = new AtomicLong(baseline);
			ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
			sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
					0, 20, TimeUnit.MILLISECONDS);
			long t0 = System.nanoTime();
			ProbeResult probe = ffprobe.probe(source);
			ffmpeg.proxy(source, probe, this.dir.resolve("proxy.mp4"), ProgressListener.NONE);
			ffmpeg.extractSpeechAudio(source, probe, this.dir.resolve("speech.ogg"));
			ffmpeg.storyboard(source, probe, this.dir.resolve("sb.jpg"), this.dir.resolve("sb.vtt"));
			ffmpeg.sceneCuts(source, probe, 0.3);
			double seconds = (System.nanoTime() - t0) / 1e9;
			sampler.shutdownNow();
			long growth = peak.get() - baseline;
			report.add(String.format(Locale.ROOT,
					"source %d bytes; %.1f s; heap baseline %.1f MB, peak %.1f MB, growth %.1f MB", size, seconds,
					baseline / 1e6, peak.get() / 1e6, growth / 1e6));
			logger.info("benchmark {}", report.get(0));
			assertThat(size).isGreaterThan(1_000_000_000L);
			assertThat(growth).isLessThan(64L * 1024 * 1024);
		}
		Files.createDirectories(Path.of("target/benchmarks"));
		Files.write(Path.of("target/benchmarks/heap.txt"), report);
	}

}
