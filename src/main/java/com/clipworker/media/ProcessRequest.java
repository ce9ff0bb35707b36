package com.clipworker.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * One process to run under supervision.
 *
 * @param kind the concurrency class it counts against
 * @param command program and arguments (never a shell string)
 * @param workDir the job's working directory, where it runs
 * @param deadline longest it may run before its tree is killed
 * @param outputs files deleted when the run fails
 * @param expectedMs media duration the run will produce, for progress fractions (0 when
 * unknown)
 * @param progress receives progress fractions parsed from {@code -progress pipe:1} on
 * stdout; when {@link ProgressListener#NONE}, stdout is captured instead
 * @param stderrLines receives every stderr line (the tail is kept either way)
 * @param operation the deadline of the operation this process is one step of, or null:
 * the process then gets the smaller of {@code deadline} and what is left of it once it
 * holds its slot
 */
public record ProcessRequest(ProcessKind kind, List<String> command, Path workDir, Duration deadline,
		List<Path> outputs, long expectedMs, ProgressListener progress, Consumer<String> stderrLines,
		@Nullable Deadline operation) {

	public ProcessRequest {
		command = List.copyOf(command);
		outputs = List.copyOf(outputs);
	}

	public static ProcessRequest of(ProcessKind kind, List<String> command, Path workDir, Duration deadline) {
		return new ProcessRequest(kind, command, workDir, deadline, List.of(), 0, ProgressListener.NONE, (line) -> {
		}, null);
	}

	public ProcessRequest withOutputs(Path... outputs) {
		return new ProcessRequest(this.kind, this.command, this.workDir, this.deadline, List.of(outputs),
				this.expectedMs, this.progress, this.stderrLines, this.operation);
	}

	public ProcessRequest withProgress(long expectedMs, ProgressListener progress) {
		return new ProcessRequest(this.kind, this.command, this.workDir, this.deadline, this.outputs, expectedMs,
				progress, this.stderrLines, this.operation);
	}

	public ProcessRequest withStderrLines(Consumer<String> stderrLines) {
		return new ProcessRequest(this.kind, this.command, this.workDir, this.deadline, this.outputs, this.expectedMs,
				this.progress, stderrLines, this.operation);
	}

	/**
	 * This process as one step of an operation with one deadline.
	 * @param operation the operation's deadline
	 * @return the request
	 */
	public ProcessRequest within(Deadline operation) {
		return new ProcessRequest(this.kind, this.command, this.workDir, this.deadline, this.outputs, this.expectedMs,
				this.progress, this.stderrLines, operation);
	}

	/**
	 * How long the process may run if it starts now: {@code deadline}, or less when the
	 * operation has less left.
	 */
	public Duration limitNow() {
		if (this.operation == null) {
			return this.deadline;
		}
		Duration left = this.operation.remaining();
		return (left.compareTo(this.deadline) < 0) ? left : this.deadline;
	}

}
