package com.clipworker.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import com.clipworker.db.StepLease;
import com.clipworker.db.StepLeases;
import com.clipworker.inngest.RetryAfterError;
import com.clipworker.inngest.StepContext;
import com.clipworker.inngest.StepDeferral;
import com.clipworker.media.JobDirectories;
import com.clipworker.media.MediaCancelledException;
import com.clipworker.storage.TransferInterruptedException;
import org.jspecify.annotations.Nullable;

/**
 * What a heavy step holds while it works: the lease keyed by (run, step), so a
 * redelivered step never runs beside an earlier attempt that is still going (on this
 * replica or another), and a job directory of its own, deleted whatever the outcome. A
 * holder that stalls past the lease's time to live (a long pause of its process) loses
 * the step to the redelivery: its processes are cancelled as soon as a renewal sees the
 * loss, and {@link #requireLease()} stops it before it writes.
 */
public class StepWorkspace {

	private final StepLeases leases;

	private final JobDirectories directories;

	private final JobsProperties properties;

	private static final ThreadLocal<@Nullable Holding> HOLDING = new ThreadLocal<>();

	private final String holder;

	public StepWorkspace(StepLeases leases, JobDirectories directories, JobsProperties properties) {
		this.leases = leases;
		this.directories = directories;
		this.properties = properties;
		this.holder = hostName() + "/" + ProcessHandle.current().pid();
	}

	/**
	 * Runs heavy work under the current step's lease, in a fresh directory.
	 * @param work what to do in the directory
	 * @return what the work returned
	 * @throws StepDeferral when an earlier attempt of the step still holds the lease (the
	 * step comes back later without using an attempt: nothing failed)
	 */
	public <T> T leased(Work<T> work) throws Exception {
		StepContext step = StepContext.current();
		Optional<StepLease> lease = this.leases.acquire(step.runId(), step.hashedId(), this.holder);
		if (lease.isEmpty()) {
			throw new StepDeferral("Step '" + step.stepId() + "' is still running in an earlier attempt",
					this.properties.leaseRetryAfter(), null);
		}
		Holding holding = new Holding(lease.get(), Thread.currentThread(), this.properties.leaseRetryAfter());
		lease.get().onLost(holding::interrupt);
		HOLDING.set(holding);
		try (StepLease held = lease.get()) {
			T result = inDirectory(step, work);
			requireLease();
			return result;
		}
		catch (MediaCancelledException | TransferInterruptedException ex) {
			if (holding.interrupted()) {
				throw lost(step, holding, ex);
			}
			throw ex;
		}
		finally {
			HOLDING.remove();
			holding.stop();
		}
	}

	/**
	 * Checks, before a write, that the current step still holds its lease (when it runs
	 * under one): a step whose worker stalled past the lease's time to live (a long GC
	 * pause, a frozen process) has been redelivered and taken over, and must not write
	 * over the later attempt's work.
	 * @throws RetryAfterError when the lease has lapsed or was taken over
	 */
	public static void requireLease() {
		Holding holding = HOLDING.get();
		if (holding != null && !holding.lease.isHeld()) {
			throw lost(StepContext.current(), holding, null);
		}
	}

	private static RetryAfterError lost(StepContext step, Holding holding, @Nullable Exception cause) {
		return new RetryAfterError("Step '" + step.stepId() + "' lost its lease to a later attempt", holding.retryAfter,
				cause);
	}

	/**
	 * The lease a thread works under. Losing it interrupts the thread, which cancels its
	 * processes and transfers, but only while the work runs.
	 */
	private static final class Holding {

		private final StepLease lease;

		private final Thread thread;

		private final Duration retryAfter;

		private boolean working = true;

		private boolean interrupted;

		Holding(StepLease lease, Thread thread, Duration retryAfter) {
			this.lease = lease;
			this.thread = thread;
			this.retryAfter = retryAfter;
		}

		synchronized void interrupt() {
			if (this.working) {
				this.interrupted = true;
				this.thread.interrupt();
			}
		}

		synchronized boolean interrupted() {
			return this.interrupted;
		}

		/** Ends the work; clears an interrupt that the loss of the lease caused. */
		synchronized void stop() {
			this.working = false;
			if (this.interrupted) {
				Thread.interrupted();
			}
		}

	}

	/**
	 * Runs light work in a fresh directory, without a lease (for idempotent work that may
	 * safely run twice).
	 * @param work what to do in the directory
	 * @return what the work returned
	 */
	public <T> T unleased(Work<T> work) throws Exception {
		return inDirectory(StepContext.current(), work);
	}

	private <T> T inDirectory(StepContext step, Work<T> work) throws Exception {
		Path directory = this.directories.create(step.functionId() + "-" + step.hashedId().substring(0, 12));
		try {
			return work.run(directory);
		}
		finally {
			this.directories.delete(directory);
		}
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "worker";
		}
	}

	/** Work done in a step's directory. */
	@FunctionalInterface
	public interface Work<T> {

		T run(Path directory) throws Exception;

	}

}
