package com.clipworker.media.captions;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.imageio.ImageIO;

import com.clipworker.media.MediaRejectedException;
import com.clipworker.media.TimedImage;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Caption rendering with the real headless Chromium: the highlight where the active word
 * is, a transparent background, one file per distinct state, hostile text shown literally
 * with nothing reaching the network, scripts beyond Latin, and a browser that comes back
 * after it dies.
 */
class CaptionRendererIntegrationTests {

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
	void activeWordIsHighlightedWhereItStandsOnATransparentBand() throws IOException {
		List<List<String>> lines = List.of(List.of("one", "two", "three"));
		List<TimedImage> images = browser.renderer()
			.render(List.of(new CaptionState(lines, 0, 0, 400), new CaptionState(lines, 2, 400, 800)),
					CaptionStyle.BOLD_POP, BAND, dir);
		BufferedImage first = ImageIO.read(images.get(0).png().toFile());
		BufferedImage last = ImageIO.read(images.get(1).png().toFile());
		assertThat(first.getWidth()).isEqualTo(540);
		assertThat(first.getHeight()).isEqualTo(200);
		assertThat(first.getColorModel().hasAlpha()).isTrue();
		assertThat(first.getRGB(2, 2) >>> 24).as("corner alpha").isZero();
		assertThat(first.getRGB(537, 197) >>> 24).as("corner alpha").isZero();
		int highlight = CaptionStyle.BOLD_POP.highlight();
		double firstX = centroidX(first, highlight);
		double lastX = centroidX(last, highlight);
		assertThat(firstX).as("highlight of the first word").isLessThan(540 / 2.0);
		assertThat(lastX).as("highlight of the last word").isGreaterThan(540 / 2.0);
	}

	@Test
	void eachDistinctStateIsRenderedOnce() {
		List<List<String>> lines = List.of(List.of("same", "words"));
		List<TimedImage> images = browser.renderer()
			.render(List.of(new CaptionState(lines, 0, 0, 300), new CaptionState(lines, 1, 300, 600),
					new CaptionState(lines, 0, 900, 1200)), CaptionStyle.KARAOKE, BAND, dir.resolve("."));
		assertThat(images).hasSize(3);
		assertThat(images.get(2).png()).isEqualTo(images.get(0).png());
		assertThat(images.get(1).png()).isNotEqualTo(images.get(0).png());
		assertThat(images).extracting(TimedImage::startMs).containsExactly(0L, 300L, 900L);
	}

	@Test
	void everyStyleRendersVisibleText() throws IOException {
		for (CaptionStyle style : CaptionStyle.values()) {
			List<TimedImage> images = browser.renderer()
				.render(List.of(new CaptionState(List.of(List.of("Hello", "world")), 1, 0, 500)), style, BAND,
						dir.resolve("."));
			BufferedImage image = ImageIO.read(images.get(0).png().toFile());
			assertThat(opaquePixels(image)).as(style.id()).isGreaterThan(500);
			assertThat(countColour(image, style.highlight())).as(style.id() + " highlight").isGreaterThan(50);
			assertThat(CaptionStyle.fromId(style.id())).isEqualTo(style);
		}
		assertThatExceptionOfType(MediaRejectedException.class).isThrownBy(() -> CaptionStyle.fromId("comic-sans"));
	}

	@Test
	void cjkEmojiAndRightToLeftTextRender() throws IOException {
		List<TimedImage> images = browser.renderer()
			.render(List.of(new CaptionState(List.of(List.of("你好", "世界", "🎉")), 0, 0, 500),
					new CaptionState(List.of(List.of("שלום", "עולם")), 0, 500, 1000)), CaptionStyle.BOLD_POP, BAND,
					dir.resolve("."));
		BufferedImage cjk = ImageIO.read(images.get(0).png().toFile());
		BufferedImage hebrew = ImageIO.read(images.get(1).png().toFile());
		assertThat(countColour(cjk, CaptionStyle.BOLD_POP.highlight())).isGreaterThan(50);
		// Right to left: the first (active) Hebrew word stands on the right.
		assertThat(centroidX(hebrew, CaptionStyle.BOLD_POP.highlight())).isGreaterThan(540 / 2.0);
	}

	@Test
	void hostileTextRendersLiterallyAndReachesNothing() throws IOException {
		HttpServer listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		List<String> requests = new CopyOnWriteArrayList<>();
		listener.createContext("/", (exchange) -> {
			requests.add(exchange.getRequestURI().toString());
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		listener.start();
		try {
			int port = listener.getAddress().getPort();
			String img = "<img src=http://127.0.0.1:" + port + "/x>";
			String script = "</style><script>fetch('http://127.0.0.1:" + port + "/y')</script>";
			browser.renderer()
				.render(List.of(new CaptionState(List.of(List.of(img, script)), 0, 0, 500)), CaptionStyle.KARAOKE, BAND,
						dir.resolve("."));
			assertThat(browser.chromium().evaluate("document.querySelectorAll('img,script').length").asInt()).isZero();
			assertThat(browser.chromium().evaluate("document.getElementById('band').textContent").asString())
				.isEqualTo(img + " " + script);
			// A request from the page, if any were possible, would have arrived while the
			// state was rendered and screenshotted; a direct probe proves the listener
			// works.
			assertThat(requests).isEmpty();
			java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/probe"))
					.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
			assertThat(requests).containsExactly("/probe");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			listener.stop(0);
		}
	}

	@Test
	void aDeadBrowserIsReplacedOnTheNextRender() throws IOException {
		browser.renderer()
			.render(List.of(new CaptionState(List.of(List.of("before")), 0, 0, 500)), CaptionStyle.SUBTITLE_BAR, BAND,
					dir.resolve("."));
		long pid = browser.chromium().pid();
		int launches = browser.chromium().launches();
		ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
		ProcessHandle.of(pid).ifPresent((handle) -> handle.onExit().join());
		List<TimedImage> images = browser.renderer()
			.render(List.of(new CaptionState(List.of(List.of("after")), 0, 0, 500)), CaptionStyle.SUBTITLE_BAR, BAND,
					dir.resolve("."));
		assertThat(browser.chromium().launches()).isEqualTo(launches + 1);
		assertThat(browser.chromium().pid()).isNotEqualTo(pid);
		assertThat(opaquePixels(ImageIO.read(images.get(0).png().toFile()))).isGreaterThan(500);
	}

	private static double centroidX(BufferedImage image, int rgb) {
		long sum = 0;
		long count = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				if (near(image.getRGB(x, y), rgb)) {
					sum += x;
					count++;
				}
			}
		}
		assertThat(count).as("pixels of the highlight colour").isGreaterThan(50);
		return (double) sum / count;
	}

	private static long countColour(BufferedImage image, int rgb) {
		long count = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				if (near(image.getRGB(x, y), rgb)) {
					count++;
				}
			}
		}
		return count;
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

	private static boolean near(int argb, int rgb) {
		if ((argb >>> 24) < 230) {
			return false;
		}
		int dr = Math.abs(((argb >> 16) & 0xFF) - ((rgb >> 16) & 0xFF));
		int dg = Math.abs(((argb >> 8) & 0xFF) - ((rgb >> 8) & 0xFF));
		int db = Math.abs((argb & 0xFF) - (rgb & 0xFF));
		return dr + dg + db < 40;
	}

}
