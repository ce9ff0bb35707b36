package com.clipworker.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;

import com.clipworker.db.StepLease;
import com.clipworker.db.StepLeases;
import com.clipworker.inngest.RetryAfterError;
import com.clipworker.inngest.StepContext;
import com.clipworker.media.JobDirectories;

/**
 * What a heavy step holds while it works: the lease keyed by (run, step), so a
 * redelivered step never runs beside an earlier attempt that is still going (on this
 * replica or another), and a job directory of its own, deleted whatever the outcome.
 */
public class StepWorkspace {

	private final StepLeases leases;

	private final JobDirectories directories;

	private final JobsProperties properties;

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
	 * @throws RetryAfterError when an earlier attempt of the step still holds the lease
	 */
	public <T> T leased(Work<T> work) throws Exception {
		StepContext step = StepContext.current();
		Optional<StepLease> lease = this.leases.acquire(step.runId(), step.hashedId(), this.holder);
		if (lease.isEmpty()) {
			throw new RetryAfterError("Step '" + step.stepId() + "' is still running in an earlier attempt",
					this.properties.leaseRetryAfter());
		}
		try (StepLease held = lease.get()) {
			return inDirectory(step, work);
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
