package com.clipworker.media;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Tiny media generated with ffmpeg's lavfi for the tests, and helpers to look at what the
 * worker made.
 */
public final class MediaFixtures {

	/** Scene cuts of {@link #scenes}, in ms. */
	public static final List<Long> SCENE_CUTS = List.of(1000L, 2000L);

	private MediaFixtures() {
	}

	public static ProcessRunner runner(Path workDir) {
		return new ProcessRunner(MediaProperties.defaults(workDir), new SimpleMeterRegistry());
	}

	/**
	 * 3 s of 320x180 at 30 fps in three scenes (cuts at 1 s and 2 s), H.264 + AAC, with a
	 * tone that sounds for 0.6 s and pauses for 0.4 s every second.
	 */
	public static Path scenes(Path dir, String name) {
		Path out = dir.resolve(name);
		ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=s=320x180:r=30:d=1", "-f", "lavfi", "-i",
				"smptebars=s=320x180:r=30:d=1", "-f", "lavfi", "-i", "mandelbrot=s=320x180:r=30", "-f", "lavfi", "-i",
				"aevalsrc='0.5*sin(2*PI*300*t)*lt(mod(t\\,1)\\,0.6)':s=48000:d=3", "-filter_complex",
				"[2:v]trim=duration=1[m];[0:v][1:v][m]concat=n=3:v=1:a=0,format=yuv420p[v]", "-map", "[v]", "-map",
				"3:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-c:a", "aac", "-b:a", "64k", "-t", "3",
				out.toString());
		return out;
	}

	/** Runs ffmpeg (quiet, overwriting) in a directory; fails the test when it fails. */
	public static void ffmpeg(Path dir, String... args) {
		List<String> command = new ArrayList<>(
				List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
		command.addAll(List.of(args));
		run(dir, command);
	}

	static String run(Path dir, List<String> command) {
		try {
			Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A 360p talk-like sample ({@code sample.mp4}: speech over moving test patterns) with
	 * a matching sidecar ({@code sample.srt}), made once per build by
	 * {@code scripts/make-sample} under {@code target/samples/<seconds>s}.
	 * @param seconds its length (4 to 600)
	 * @return the directory holding both files
	 */
	public static Path talkSample(int seconds) throws IOException, InterruptedException {
		Path dir = Path.of("target", "samples", seconds + "s").toAbsolutePath();
		Process process = new ProcessBuilder("scripts/make-sample", dir.toString(), Integer.toString(seconds))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0
				|| !Files.isRegularFile(dir.resolve("sample.mp4"))) {
			process.destroyForcibly();
			throw new IllegalStateException("scripts/make-sample " + dir + " " + seconds + " failed");
		}
		return dir;
	}

	/** The top-level box types of an MP4, in file order. */
	public static List<String> topLevelBoxes(Path mp4) throws IOException {
		List<String> boxes = new ArrayList<>();
		try (RandomAccessFile file = new RandomAccessFile(mp4.toFile(), "r")) {
			long position = 0;
			while (position + 8 <= file.length()) {
				file.seek(position);
				long size = file.readInt() & 0xFFFFFFFFL;
				byte[] type = new byte[4];
				file.readFully(type);
				if (size == 1) {
					size = file.readLong();
				}
				boxes.add(new String(type, StandardCharsets.ISO_8859_1));
				if (size < 8) {
					break;
				}
				position += size;
			}
		}
		return boxes;
	}

	/**
	 * Live processes below this JVM that are not zombies, waiting up to a deadline for
	 * them to go. Other JVMs below this one, and what they started, are left out: they
	 * are the shared test servers that live as long as the test JVM (S3Mock, started by
	 * the storage and health tests in whatever order the run picks), and the media engine
	 * never starts a JVM.
	 */
	public static List<ProcessHandle> liveDescendants(Duration deadline) {
		long end = System.nanoTime() + deadline.toNanos();
		List<ProcessHandle> live = descendants();
		while (!live.isEmpty() && System.nanoTime() < end) {
			Thread.onSpinWait();
			live = descendants();
		}
		return live;
	}

	/**
	 * The processes of a list that still run, waiting up to a deadline for them to go: a
	 * killed process takes a moment to leave the running state on a loaded machine.
	 */
	public static List<ProcessHandle> stillRunning(List<ProcessHandle> processes, Duration deadline) {
		long end = System.nanoTime() + deadline.toNanos();
		List<ProcessHandle> running = processes.stream().filter(MediaFixtures::isRunning).toList();
		while (!running.isEmpty() && System.nanoTime() < end) {
			Thread.onSpinWait();
			running = processes.stream().filter(MediaFixtures::isRunning).toList();
		}
		return running;
	}

	private static List<ProcessHandle> descendants() {
		Optional<String> java = ProcessHandle.current().info().command();
		List<ProcessHandle> servers = ProcessHandle.current()
			.children()
			.filter((child) -> java.isPresent() && child.info().command().equals(java))
			.toList();
		return ProcessHandle.current()
			.descendants()
			.filter(MediaFixtures::isRunning)
			.filter((handle) -> servers.stream()
				.noneMatch((server) -> server.equals(handle)
						|| server.descendants().anyMatch((below) -> below.equals(handle))))
			.toList();
	}

	/** Alive and not a zombie (a killed child that nothing has reaped yet). */
	public static boolean isRunning(ProcessHandle handle) {
		if (!handle.isAlive()) {
			return false;
		}
		try {
			String stat = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "stat"));
			String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
			return !"Z".equals(state) && !"X".equals(state);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
