package com.clipworker.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (a tmpfs) mounted for one test, so that a disk can truly run
 * full. Mounting needs root (CAP_SYS_ADMIN), which the build machine and CI have: when it
 * is missing the test fails and says so, rather than being skipped.
 */
public final class Tmpfs implements AutoCloseable {

	private final Path mountPoint;

	private Tmpfs(Path mountPoint) {
		this.mountPoint = mountPoint;
	}

	/**
	 * Mounts a tmpfs of a size on a directory (created when missing).
	 * @param mountPoint the directory
	 * @param bytes the size, rounded up to whole KiB
	 * @return the mounted file system, unmounted on close
	 */
	public static Tmpfs mount(Path mountPoint, long bytes) {
		try {
			Files.createDirectories(mountPoint);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path absolute = mountPoint.toAbsolutePath();
		Outcome mounted = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + ((bytes + 1023) / 1024) + "k,mode=0755",
				"tmpfs", absolute.toString()));
		if (!mounted.ok()) {
			throw new AssertionError("This scenario needs a real small file system, and mounting a tmpfs on " + absolute
					+ " failed (it needs root with CAP_SYS_ADMIN, as on the build machine and CI): "
					+ mounted.output());
		}
		return new Tmpfs(absolute);
	}

	public Path path() {
		return this.mountPoint;
	}

	/** Free bytes now. */
	public long free() {
		try {
			return Files.getFileStore(this.mountPoint).getUsableSpace();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Writes a ballast file until at most {@code leave} bytes are free.
	 * @param leave the free bytes to leave
	 * @return the ballast, to delete when space should come back
	 */
	public Path fill(long leave) {
		Path ballast = this.mountPoint.resolve("ballast-" + System.nanoTime());
		try (FileChannel channel = FileChannel.open(ballast, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			ByteBuffer block = ByteBuffer.allocate(64 * 1024);
			long free;
			while ((free = free()) > leave) {
				block.clear().limit((int) Math.min(block.capacity(), free - leave));
				try {
					channel.write(block);
				}
				catch (IOException ex) {
					// Full: another writer took the rest.
					break;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ballast;
	}

	@Override
	public void close() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		Outcome unmounted;
		while (!(unmounted = run(List.of("umount", this.mountPoint.toString()))).ok() && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		if (!unmounted.ok()) {
			run(List.of("umount", "-l", this.mountPoint.toString()));
			throw new AssertionError("Could not unmount " + this.mountPoint + ": " + unmounted.output());
		}
	}

	private static Outcome run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return new Outcome(false, command + " did not finish");
			}
			return new Outcome(process.exitValue() == 0, command + " exited " + process.exitValue() + ": " + output);
		}
		catch (IOException ex) {
			return new Outcome(false, command + ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Outcome(boolean ok, String output) {
	}

}
