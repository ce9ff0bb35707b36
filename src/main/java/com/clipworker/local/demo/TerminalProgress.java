package com.clipworker.local.demo;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.clipworker.local.harness.HarnessListener;
import com.clipworker.local.harness.StepTiming;

/**
 * Live progress in the terminal: one line per step as it finishes (function, step, time,
 * outcome), and the row's stage and percentage as the web app's progress bar would show
 * it, printed when it changes.
 */
final class TerminalProgress implements HarnessListener {

	private final PrintStream out;

	private final AtomicReference<Supplier<String>> status = new AtomicReference<>(() -> "");

	private final Thread watcher;

	private volatile boolean running = true;

	private String lastStatus = "";

	TerminalProgress(PrintStream out) {
		this.out = out;
		this.watcher = Thread.ofPlatform().daemon().name("demo-progress").start(this::watchLoop);
	}

	/** Shows this status (read from the database) from now on. */
	void watch(Supplier<String> status) {
		this.status.set(status);
	}

	void stop() {
		this.running = false;
		this.watcher.interrupt();
	}

	@Override
	public void stepFinished(StepTiming timing) {
		if (timing.delivery() > 0 || timing.outcome() == StepTiming.Outcome.PLANNED) {
			return;
		}
		String function = timing.functionId().replaceFirst("^clipworker-", "");
		String mark = switch (timing.outcome()) {
			case RAN, COMPLETE -> "✓";
			case ERROR -> "↻";
			case FAILED, FUNCTION_ERROR, TRANSPORT_ERROR -> "✗";
			default -> "·";
		};
		String step = (timing.outcome() == StepTiming.Outcome.COMPLETE) ? "done" : timing.stepName();
		synchronized (this.out) {
			this.out.printf(Locale.ROOT, "  %s %-15s %-34s %6.1f s%n", mark, function, step,
					timing.duration().toMillis() / 1000.0);
		}
	}

	private void watchLoop() {
		while (this.running) {
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			String now;
			try {
				now = this.status.get().get();
			}
			catch (RuntimeException ex) {
				continue;
			}
			if (!now.isBlank() && !now.equals(this.lastStatus)) {
				this.lastStatus = now;
				synchronized (this.out) {
					this.out.println("    … " + now);
				}
			}
		}
	}

}
