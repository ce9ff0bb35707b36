package com.clipworker.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The runner against real processes: a shell that starts grandchildren, killed whole on
 * deadline and on interrupt; failures carrying the stderr tail and leaving no outputs;
 * busy slots answered with a retry delay; metrics by kind and outcome.
 */
class ProcessRunnerIntegrationTests {

	@TempDir
	Path dir;

	SimpleMeterRegistry registry = new SimpleMeterRegistry();

	ProcessRunner runner;

	@BeforeEach
	void setUp() {
		this.runner = new ProcessRunner(
				MediaProperties.defaults(this.dir.resolve("work")).withSlots(1, 2, 1, Duration.ofMillis(200)),
				this.registry);
	}

	@AfterEach
	void tearDown() {
		this.runner.close();
		assertThat(MediaFixtures.liveDescendants(Duration.ofSeconds(5))).isEmpty();
	}

	@Test
	void pipesAreDrainedOnPlatformThreadsSoAQuietProcessCannotHoldACarrier() {
		// A warm browser writes nothing for minutes. A virtual thread blocked in a pipe
		// read holds its carrier unless the scheduler compensates, which it does not
		// always do: with the drains of an idle Chromium on virtual threads, both
		// carriers
		// of a 2-core worker were held for good and no request or step could run. The
		// drains run on platform threads (Thread.getAllStackTraces lists only those).
		try (RunningProcess quiet = this.runner.start(List.of("sleep", "60"), this.dir, (line) -> {
		})) {
			ProcessResult ran = this.runner.run(ProcessRequest.of(ProcessKind.LIGHT, List.of("sh", "-c", "echo ok"),
					this.dir, Duration.ofSeconds(10)));
			assertThat(ran.stdout()).isEqualTo("ok\n");
			assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
				.contains("media-stderr-" + quiet.pid(), "media-stdout-" + quiet.pid());
		}
	}

	@Test
	void successReturnsStdoutAndRecordsDuration() {
		ProcessResult result = this.runner.run(ProcessRequest.of(ProcessKind.LIGHT, List.of("sh", "-c", "echo hello"),
				this.dir, Duration.ofSeconds(10)));
		assertThat(result.stdout()).isEqualTo("hello\n");
		assertThat(this.registry.get("clipworker.media.duration")
			.tag("kind", "light")
			.tag("outcome", "success")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void failureCarriesStderrTailAndDeletesOutputs() throws Exception {
		Path output = Files.writeString(this.dir.resolve("out.mp4"), "partial");
		ProcessRequest request = ProcessRequest
			.of(ProcessKind.LIGHT, List.of("sh", "-c", "echo first >&2; echo 'the real reason' >&2; exit 3"), this.dir,
					Duration.ofSeconds(10))
			.withOutputs(output);
		assertThatExceptionOfType(MediaProcessException.class).isThrownBy(() -> this.runner.run(request))
			.satisfies((ex) -> {
				assertThat(ex.exitCode()).isEqualTo(3);
				assertThat(ex.retriable()).isTrue();
				assertThat(ex.getMessage()).startsWith("sh exited with 3").endsWith("the real reason");
			});
		assertThat(output).doesNotExist();
	}

	@Test
	void timeoutKillsTheWholeTreeAndDeletesOutputs() throws Exception {
		Path output = Files.writeString(this.dir.resolve("timeout.mp4"), "partial");
		ProcessRequest request = ProcessRequest
			.of(ProcessKind.HEAVY, List.of("sh", "-c", "sleep 300 & sleep 300 & wait"), this.dir,
					Duration.ofMillis(1500))
			.withOutputs(output);
		CompletableFuture<List<ProcessHandle>> sleepers = watchForSleepers();
		assertThatExceptionOfType(MediaTimeoutException.class).isThrownBy(() -> this.runner.run(request))
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
		List<ProcessHandle> grandchildren = sleepers.join();
		assertThat(grandchildren).hasSize(2);
		assertThat(MediaFixtures.stillRunning(grandchildren, Duration.ofSeconds(5))).isEmpty();
		assertThat(output).doesNotExist();
	}

	@Test
	void aProcessOfAnOperationGetsOnlyWhatIsLeftOfTheOperationsDeadline() throws Exception {
		Deadline operation = Deadline.in(Duration.ofMillis(2500));
		long started = System.nanoTime();
		this.runner.run(ProcessRequest.of(ProcessKind.LIGHT, List.of("sleep", "1"), this.dir, Duration.ofMinutes(5))
			.within(operation));
		Path output = Files.writeString(this.dir.resolve("second.mp4"), "partial");
		ProcessRequest second = ProcessRequest
			.of(ProcessKind.HEAVY, List.of("sh", "-c", "sleep 300 & sleep 300 & wait"), this.dir, Duration.ofMinutes(5))
			.withOutputs(output)
			.within(operation);
		CompletableFuture<List<ProcessHandle>> sleepers = watchForSleepers();
		assertThatExceptionOfType(MediaTimeoutException.class).isThrownBy(() -> this.runner.run(second))
			.withMessageContaining("deadline of 2 s");
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		assertThat(elapsed).isBetween(Duration.ofMillis(2400), Duration.ofMillis(2500 + 7000));
		assertThat(MediaFixtures.stillRunning(sleepers.join(), Duration.ofSeconds(5))).isEmpty();
		assertThat(output).doesNotExist();
	}

	@Test
	void aProcessOfAnOperationWithNothingLeftIsNotStarted() throws Exception {
		Deadline operation = Deadline.in(Duration.ofMillis(1));
		Path marker = this.dir.resolve("started");
		Path output = Files.writeString(this.dir.resolve("late.mp4"), "partial");
		ProcessRequest late = ProcessRequest
			.of(ProcessKind.LIGHT, List.of("touch", marker.toString()), this.dir, Duration.ofMinutes(5))
			.withOutputs(output)
			.within(operation);
		Thread.sleep(5);
		assertThatExceptionOfType(MediaTimeoutException.class).isThrownBy(() -> this.runner.run(late))
			.satisfies((ex) -> assertThat(ex.retriable()).isTrue());
		assertThat(marker).doesNotExist();
		assertThat(output).doesNotExist();
	}

	@Test
	void busyAnswerSuggestsWhenTheRunningEncodeIsExpectedToEnd() throws Exception {
		CompletableFuture<Double> reported = new CompletableFuture<>();
		Thread encode = Thread.ofVirtual().start(() -> {
			try {
				this.runner
					.run(ProcessRequest
						.of(ProcessKind.HEAVY, List.of("sh", "-c", "sleep 1; echo out_time_us=100000; exec sleep 300"),
								this.dir, Duration.ofMinutes(5))
						.withProgress(1000, reported::complete));
			}
			catch (MediaException ex) {
				// expected: close() kills it
			}
		});
		assertThat(reported.get(30, TimeUnit.SECONDS)).isEqualTo(0.1);
		// A tenth done after about a second: about nine seconds to go.
		assertThatExceptionOfType(MediaBusyException.class).isThrownBy(() -> this.runner.acquire(ProcessKind.HEAVY))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(29)));
		this.runner.close();
		encode.join(Duration.ofSeconds(20));
		assertThat(encode.isAlive()).isFalse();
	}

	@Test
	void busyAnswerWaitsAtMostRetryAfterBehindALongEncode() throws Exception {
		CompletableFuture<Double> reported = new CompletableFuture<>();
		Thread encode = Thread.ofVirtual().start(() -> {
			try {
				this.runner
					.run(ProcessRequest
						.of(ProcessKind.HEAVY, List.of("sh", "-c", "sleep 1; echo out_time_us=10000; exec sleep 300"),
								this.dir, Duration.ofMinutes(5))
						.withProgress(1000, reported::complete));
			}
			catch (MediaException ex) {
				// expected: close() kills it
			}
		});
		assertThat(reported.get(30, TimeUnit.SECONDS)).isEqualTo(0.01);
		assertThatExceptionOfType(MediaBusyException.class).isThrownBy(() -> this.runner.acquire(ProcessKind.HEAVY))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
		this.runner.close();
		encode.join(Duration.ofSeconds(20));
		assertThat(encode.isAlive()).isFalse();
	}

	@Test
	void interruptKillsTheWholeTreeAndRestoresTheFlag() throws Exception {
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicReference<Boolean> interrupted = new AtomicReference<>();
		Thread caller = Thread.ofVirtual().start(() -> {
			try {
				this.runner.run(ProcessRequest.of(ProcessKind.HEAVY,
						List.of("sh", "-c", "sleep 300 & sleep 300 & wait"), this.dir, Duration.ofMinutes(5)));
			}
			catch (RuntimeException ex) {
				thrown.set(ex);
				interrupted.set(Thread.currentThread().isInterrupted());
			}
		});
		List<ProcessHandle> grandchildren = watchForSleepers().join();
		assertThat(grandchildren).hasSize(2);
		caller.interrupt();
		caller.join(Duration.ofSeconds(20));
		assertThat(thrown.get()).isInstanceOf(MediaCancelledException.class);
		assertThat(interrupted.get()).isTrue();
		assertThat(MediaFixtures.stillRunning(grandchildren, Duration.ofSeconds(5))).isEmpty();
	}

	@Test
	void closeKillsRunningTrees() throws Exception {
		Thread caller = Thread.ofVirtual().start(() -> {
			try {
				this.runner.run(ProcessRequest.of(ProcessKind.HEAVY,
						List.of("sh", "-c", "sleep 300 & sleep 300 & wait"), this.dir, Duration.ofMinutes(5)));
			}
			catch (MediaException ex) {
				// expected: the process was killed by close()
			}
		});
		List<ProcessHandle> grandchildren = watchForSleepers().join();
		this.runner.close();
		caller.join(Duration.ofSeconds(20));
		assertThat(MediaFixtures.stillRunning(grandchildren, Duration.ofSeconds(5))).isEmpty();
		assertThatExceptionOfType(MediaCancelledException.class).isThrownBy(() -> this.runner
			.run(ProcessRequest.of(ProcessKind.LIGHT, List.of("true"), this.dir, Duration.ofSeconds(5))));
	}

	@Test
	void fullSlotsAnswerBusyWithRetryDelayAfterTheBoundedWait() throws Exception {
		try (ProcessRunner.Slot held = this.runner.acquire(ProcessKind.HEAVY)) {
			assertThat(this.registry.get("clipworker.media.running").tag("kind", "heavy").gauge().value()).isEqualTo(1);
			assertThatExceptionOfType(MediaBusyException.class).isThrownBy(() -> this.runner.acquire(ProcessKind.HEAVY))
				.satisfies((ex) -> {
					assertThat(ex.retriable()).isTrue();
					assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(30));
					assertThat(ex.kind()).isEqualTo(ProcessKind.HEAVY);
				});
			// Other kinds have their own slots.
			this.runner.acquire(ProcessKind.LIGHT).close();
		}
		this.runner.acquire(ProcessKind.HEAVY).close();
		assertThat(this.registry.get("clipworker.media.duration")
			.tag("kind", "heavy")
			.tag("outcome", "busy")
			.timer()
			.count()).isEqualTo(1);
	}

	/** The two {@code sleep 300} grandchildren once they are running. */
	private static CompletableFuture<List<ProcessHandle>> watchForSleepers() {
		return CompletableFuture.supplyAsync(() -> {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (System.nanoTime() < deadline) {
				List<ProcessHandle> sleepers = ProcessHandle.current()
					.descendants()
					.filter((handle) -> handle.info().commandLine().orElse("").contains("sleep 300")
							&& !handle.info().commandLine().orElse("").contains("sh -c"))
					.filter(MediaFixtures::isRunning)
					.toList();
				if (sleepers.size() == 2) {
					return sleepers;
				}
				Thread.onSpinWait();
			}
			return List.of();
		});
	}

}
