package com.clipworker.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Putting and getting a 1 GB file succeeds in a JVM capped at 128 MB of heap, through the
 * S3 store (on S3Mock, multipart) and the local-disk store: transfers stream. Slow
 * (writes and moves several GB), so only with {@code -Pslow}; the numbers it logs are in
 * docs/performance.md.
 */
@Tag("slow")
class StorageMemoryIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger(StorageMemoryIntegrationTests.class);

	private static final long SIZE = 1024L * 1024 * 1024;

	@TempDir
	static Path temp;

	private static Path file;

	@BeforeAll
	static void writeFile() {
		file = TestFiles.write(temp.resolve("one-gigabyte.bin"), SIZE, 42);
	}

	@Test
	void s3StoreMovesOneGigabyteWithA128MegabyteHeap() throws Exception {
		S3MockServer server = S3MockServer.get();
		String line = probe("s3", server.endpoint().toString(), S3MockServer.BUCKET, file.toString(),
				"videos/" + UUID.randomUUID() + "/source");
		assertThat(line).contains("size=" + SIZE);
	}

	@Test
	void localDiskStoreMovesOneGigabyteWithA128MegabyteHeap() throws Exception {
		String line = probe("local", temp.resolve("objects").toString(), file.toString(),
				"videos/" + UUID.randomUUID() + "/source");
		assertThat(line).contains("size=" + SIZE);
	}

	private static String probe(String... args) throws IOException, InterruptedException {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), StorageMemoryProbe.class.getName()));
		command.addAll(List.of(args));
		Path output = temp.resolve(UUID.randomUUID() + ".out");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished within 10 minutes").isTrue();
		String text = Files.readString(output, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(text).isZero();
		assertThat(text).doesNotContain("OutOfMemoryError");
		String line = text.lines().filter((l) -> l.startsWith("size=")).findFirst().orElseThrow();
		logger.info("{} store with -Xmx128m: {}", args[0], line);
		return line;
	}

}
