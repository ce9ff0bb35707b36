package com.clipworker.db;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held step lease. Renewed in the background while open; closing it stops the renewal
 * and deletes the row, so the next attempt can start at once.
 */
public final class StepLease implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StepLease.class);

	private final StepLeases leases;

	private final String runId;

	private final String stepId;

	private final String holder;

	private final Duration ttl;

	private volatile long heldUntilNanos;

	private volatile boolean lost;

	private volatile boolean closed;

	private volatile @Nullable ScheduledFuture<?> renewal;

	private volatile @Nullable Runnable onLost;

	StepLease(StepLeases leases, String runId, String stepId, String holder, Duration ttl) {
		this.leases = leases;
		this.runId = runId;
		this.stepId = stepId;
		this.holder = holder;
		this.ttl = ttl;
		this.heldUntilNanos = System.nanoTime() + ttl.toNanos();
	}

	public String runId() {
		return this.runId;
	}

	public String stepId() {
		return this.stepId;
	}

	/** The holder's token as stored in the row. */
	public String holder() {
		return this.holder;
	}

	public Duration ttl() {
		return this.ttl;
	}

	/**
	 * Whether this holder still has the lease: not closed, not taken over, and renewed
	 * within its time to live. A long step checks it between phases and stops when it is
	 * gone.
	 */
	public boolean isHeld() {
		return !this.closed && !this.lost && System.nanoTime() < this.heldUntilNanos;
	}

	/**
	 * Runs an action, once, when a renewal finds that another holder took the lease over
	 * after it lapsed (this holder was stalled past its time to live): the holder's work
	 * must stop, since a later attempt of the step now runs it.
	 * @param action what to do, on the renewal thread; quick and thread-safe
	 */
	public void onLost(Runnable action) {
		this.onLost = action;
	}

	void renewal(ScheduledFuture<?> renewal) {
		this.renewal = renewal;
	}

	void renew() {
		if (this.closed || this.lost) {
			return;
		}
		long attemptedAt = System.nanoTime();
		try {
			if (this.leases.renew(this)) {
				this.heldUntilNanos = attemptedAt + this.ttl.toNanos();
			}
			else {
				this.lost = true;
				cancelRenewal();
				logger.warn("Step lease {}/{} was taken over after it lapsed", this.runId, this.stepId);
				Runnable action = this.onLost;
				if (action != null) {
					action.run();
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Step lease {}/{} could not be renewed: {}", this.runId, this.stepId, ex.getMessage());
		}
	}

	/** Stops renewing and deletes the row. Idempotent. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		cancelRenewal();
		if (!this.lost) {
			this.leases.release(this);
		}
	}

	private void cancelRenewal() {
		ScheduledFuture<?> future = this.renewal;
		if (future != null) {
			future.cancel(false);
		}
	}

}
