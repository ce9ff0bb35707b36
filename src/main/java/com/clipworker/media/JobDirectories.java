package com.clipworker.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-job working directories under {@code clipworker.media.work-dir}: created per step,
 * deleted by the caller when the step ends, swept at start-up when older than
 * {@code stale-after} (a killed JVM skips its {@code finally}; a browser still running on
 * a swept profile is killed), and the free-disk check made before large downloads and
 * encodes.
 */
public class JobDirectories {

	private static final Logger logger = LoggerFactory.getLogger(JobDirectories.class);

	private static final Pattern BROWSER_PROFILE = Pattern.compile("chromium-([0-9]{1,10})-[0-9]+");

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,120}");

	private final MediaProperties properties;

	public JobDirectories(MediaProperties properties) {
		this.properties = properties;
	}

	/**
	 * Creates a fresh directory for one step.
	 * @param name a name derived from ids (letters, digits, {@code ._-})
	 * @return the new, empty directory
	 */
	public Path create(String name) {
		if (!SAFE_NAME.matcher(name).matches() || name.startsWith(".")) {
			throw new IllegalArgumentException("Job directory names are ids: letters, digits, '.', '_', '-'");
		}
		try {
			Files.createDirectories(this.properties.workDir());
			return Files.createTempDirectory(this.properties.workDir(), name + "-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a job directory under " + this.properties.workDir(), ex);
		}
	}

	/**
	 * Deletes a job directory and everything in it.
	 * @param directory a directory returned by {@link #create}
	 */
	public void delete(Path directory) {
		deleteTree(directory);
	}

	/**
	 * Deletes job directories last modified before {@code stale-after}, and browser
	 * profiles whose worker process is gone.
	 * @return how many were deleted
	 */
	public int sweepStale() {
		Path root = this.properties.workDir();
		if (!Files.isDirectory(root)) {
			return 0;
		}
		Instant cutoff = Instant.now().minus(this.properties.staleAfter());
		int deleted = 0;
		try (Stream<Path> children = Files.list(root)) {
			for (Path child : children.toList()) {
				if (Files.getLastModifiedTime(child).toInstant().isBefore(cutoff) || ownerIsGone(child)) {
					killBrowserUsing(child);
					deleteTree(child);
					deleted++;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not sweep " + root, ex);
		}
		if (deleted > 0) {
			logger.info("Deleted {} stale job directories under {}", deleted, root);
		}
		return deleted;
	}

	/**
	 * Whether a browser profile ({@code chromium-<pid>-<n>}) belongs to a worker process
	 * that is gone, or to this one before it started any browser (a previous life with
	 * the same pid): either way nothing live uses it, however recent it is.
	 */
	private static boolean ownerIsGone(Path child) {
		Matcher matcher = BROWSER_PROFILE.matcher(child.getFileName().toString());
		if (!matcher.matches()) {
			return false;
		}
		long pid = Long.parseLong(matcher.group(1));
		return pid == ProcessHandle.current().pid() || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/**
	 * Kills a browser left running on a stale profile directory, with its children: a
	 * worker killed outright (SIGKILL, out of memory) leaves its Chromium behind when it
	 * does not run in a container that dies with it.
	 */
	private static void killBrowserUsing(Path profile) {
		String flag = "--user-data-dir=" + profile;
		ProcessHandle.allProcesses()
			.filter((process) -> process.info().arguments().map((args) -> List.of(args).contains(flag)).orElse(false))
			.forEach((process) -> {
				logger.info("Killing process {} left running on the stale profile {}", process.pid(), profile);
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			});
	}

	/**
	 * Checks that a directory's file system has room for {@code bytes} more and still
	 * keeps {@code min-free-disk} free.
	 * @param directory where the bytes will be written
	 * @param bytes the estimated size of what will be written
	 */
	public void requireFreeSpace(Path directory, long bytes) {
		requireFreeSpace(directory, bytes, this.properties.minFreeDisk().toBytes());
	}

	static void requireFreeSpace(Path directory, long bytes, long reserve) {
		try {
			long free = Files.getFileStore(directory).getUsableSpace();
			if (free < bytes + reserve) {
				throw new InsufficientDiskException(directory, bytes + reserve, free);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read free space of " + directory, ex);
		}
	}

	/**
	 * Free bytes of a directory's file system, for messages about a full disk.
	 * @param directory the directory
	 * @return the bytes, or -1 when they cannot be read (the directory is gone)
	 */
	public static long usableSpace(Path directory) {
		try {
			return Files.getFileStore(directory).getUsableSpace();
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * Deletes a directory and everything in it; nothing happens when it does not exist.
	 * @param directory the directory
	 */
	public static void deleteTree(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try {
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
					Files.deleteIfExists(dir);
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + directory, ex);
		}
	}

}
