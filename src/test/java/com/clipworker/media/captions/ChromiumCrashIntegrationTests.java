package com.clipworker.media.captions;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.clipworker.media.MediaFixtures;
import com.clipworker.media.MediaProcessException;
import com.clipworker.media.TimedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The real headless Chromium killed, its whole process tree, between two screenshots of
 * one batch and in the middle of a batch: the render fails with a retriable error, the
 * dead browser's profile is gone, nothing of its tree runs on, no screenshot of the
 * failed batch is left, and the next render starts a new browser and draws real text.
 */
class ChromiumCrashIntegrationTests {

	private static final CaptionStyle.Band BAND = new CaptionStyle.Band(540, 200, 0);

	@TempDir
	static Path dir;

	static BrowserUnderTest browser;

	@BeforeAll
	static void setUp() {
		browser = BrowserUnderTest.start(dir.resolve("work"));
	}

	@AfterAll
	static void tearDown() {
		browser.close();
	}

	@Test
	void aBrowserKilledBetweenTwoScreenshotsFailsTheNextOneRetriablyAndIsReplacedOnTheNextRender() throws IOException {
		Path batch = Files.createDirectories(dir.resolve("between"));
		browser.renderer().load(CaptionStyle.KARAOKE, BAND);
		browser.renderer().renderState(state(0), BAND, batch.resolve("first.png"));
		int launches = browser.chromium().launches();
		List<ProcessHandle> tree = killTree(browser.chromium().pid());

		MediaProcessException failure = catchThrowableOfType(MediaProcessException.class,
				() -> browser.renderer().renderState(state(1), BAND, batch.resolve("second.png")));

		assertThat(failure).as("the second screenshot fails").isNotNull();
		assertThat(failure.retriable()).isTrue();
		assertThat(failure.getMessage()).contains("went away");
		assertThat(batch.resolve("second.png")).doesNotExist();
		assertBrowserGone(tree);
		assertNextRenderWorks(launches);
	}

	@Test
	void aBrowserKilledWhileABatchIsScreenshottedFailsTheRenderRetriablyAndLeavesNothing() throws Exception {
		Path batch = Files.createDirectories(dir.resolve("during"));
		browser.renderer()
			.render(List.of(state(0)), CaptionStyle.KARAOKE, BAND, Files.createDirectories(dir.resolve("warm")));
		int launches = browser.chromium().launches();
		List<CaptionState> states = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			states.add(state(i));
		}
		long pid = browser.chromium().pid();
		CompletableFuture<List<ProcessHandle>> killed = CompletableFuture
			.supplyAsync(() -> killTreeOnceAppears(batch.resolve("caption-0003.png"), pid));

		MediaProcessException failure = catchThrowableOfType(MediaProcessException.class,
				() -> browser.renderer().render(states, CaptionStyle.KARAOKE, BAND, batch));

		List<ProcessHandle> tree = killed.get(1, TimeUnit.MINUTES);
		assertThat(failure).as("the render of the batch fails").isNotNull();
		assertThat(failure.retriable()).isTrue();
		assertThat(failure.getMessage()).contains("went away");
		try (Stream<Path> left = Files.list(batch)) {
			assertThat(left).as("screenshots of the failed batch").isEmpty();
		}
		assertBrowserGone(tree);
		assertNextRenderWorks(launches);
	}

	private static CaptionState state(int index) {
		List<String> words = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			words.add("word" + (index * 6 + i));
		}
		return new CaptionState(List.of(words), index % 6, index * 100L, index * 100L + 100);
	}

	/** Kills a process tree, descendants first, and returns what it held. */
	private static List<ProcessHandle> killTree(long pid) {
		ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
		List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
		tree.add(root);
		assertThat(tree).as("Chromium runs as a tree of processes").hasSizeGreaterThan(1);
		tree.forEach(ProcessHandle::destroyForcibly);
		return tree;
	}

	private static List<ProcessHandle> killTreeOnceAppears(Path file, long pid) {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (!Files.exists(file)) {
			assertThat(System.nanoTime()).as("%s is written", file).isLessThan(deadline);
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
		}
		return killTree(pid);
	}

	private static void assertBrowserGone(List<ProcessHandle> tree) throws IOException {
		assertThat(MediaFixtures.stillRunning(tree, Duration.ofSeconds(10))).as("processes of the killed browser")
			.isEmpty();
		assertThat(browser.chromium().pid()).as("no browser until the next render").isEqualTo(-1);
		assertThat(profiles()).as("the dead browser's profile is deleted").isEmpty();
	}

	private static void assertNextRenderWorks(int launches) throws IOException {
		Path next = Files.createDirectories(dir.resolve("next-" + launches));
		List<TimedImage> images = browser.renderer().render(List.of(state(7)), CaptionStyle.KARAOKE, BAND, next);
		assertThat(browser.chromium().launches()).as("a new browser was started").isEqualTo(launches + 1);
		assertThat(profiles()).as("only the new browser's profile").hasSize(1);
		BufferedImage image = ImageIO.read(images.get(0).png().toFile());
		assertThat(opaquePixels(image)).as("the new browser draws the words").isGreaterThan(500);
	}

	private static List<Path> profiles() throws IOException {
		try (Stream<Path> entries = Files.list(browser.work())) {
			return entries.filter((p) -> p.getFileName().toString().startsWith("chromium-")).toList();
		}
	}

	private static long opaquePixels(BufferedImage image) {
		long count = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				if ((image.getRGB(x, y) >>> 24) > 200) {
					count++;
				}
			}
		}
		return count;
	}

}
