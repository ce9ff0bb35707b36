package com.clipworker.db;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Leases keyed by (run id, step id), so that a redelivered heavy step never runs beside
 * an earlier attempt that is still working. A lease is a row with an expiry that its
 * holder renews in the background; it behaves the same on a direct connection and on both
 * Supabase poolers (no session state, no advisory locks). A holder that dies stops
 * renewing, and the lease lapses after its time to live. Expiry is judged by the
 * database's clock, so replicas' clocks do not matter.
 */
public class StepLeases implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StepLeases.class);

	private final JdbcClient jdbc;

	private final Duration renewEvery;

	private final Duration defaultTtl;

	private final ScheduledExecutorService renewals = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("step-lease-renewal").daemon().factory());

	StepLeases(JdbcClient jdbc, Duration renewEvery, Duration defaultTtl) {
		this.jdbc = jdbc;
		this.renewEvery = renewEvery;
		this.defaultTtl = defaultTtl;
	}

	/**
	 * Takes the lease of a step for the configured time to live
	 * ({@code clipworker.database.lease.ttl}) unless another holder has it.
	 * @param runId the Inngest run id
	 * @param stepId the step id
	 * @param holder who is asking (for example the replica and attempt)
	 * @return the lease, to close when the step ends; empty when another holder has it
	 * @see #acquire(String, String, String, Duration)
	 */
	public Optional<StepLease> acquire(String runId, String stepId, String holder) {
		return acquire(runId, stepId, holder, this.defaultTtl);
	}

	/**
	 * Takes the lease of a step unless another holder has it and still renews it.
	 * @param runId the Inngest run id
	 * @param stepId the step id
	 * @param holder who is asking (for example the replica and attempt); a random suffix
	 * makes every acquisition distinct, so a second attempt on the same replica is
	 * refused too
	 * @param ttl how long the lease lasts without renewal
	 * @return the lease, to close when the step ends; empty when another holder has it
	 */
	public Optional<StepLease> acquire(String runId, String stepId, String holder, Duration ttl) {
		if (ttl.toMillis() < 1000) {
			throw new IllegalArgumentException("a lease lasts at least a second, not " + ttl);
		}
		String token = holder + "#" + UUID.randomUUID();
		this.jdbc.sql("delete from step_leases where expires_at < now() - interval '1 hour'").update();
		Optional<String> taken = this.jdbc.sql("""
				insert into step_leases (run_id, step_id, holder, expires_at)
				values (:run, :step, :holder, now() + make_interval(secs => :ttl))
				on conflict (run_id, step_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
				where step_leases.expires_at <= now()
				returning holder
				""")
			.param("run", runId)
			.param("step", stepId)
			.param("holder", token)
			.param("ttl", seconds(ttl))
			.query(String.class)
			.optional();
		if (taken.isEmpty()) {
			return Optional.empty();
		}
		StepLease lease = new StepLease(this, runId, stepId, token, ttl);
		long period = Math.max(100, Math.min(this.renewEvery.toMillis(), ttl.toMillis() / 3));
		lease.renewal(this.renewals.scheduleAtFixedRate(lease::renew, period, period, TimeUnit.MILLISECONDS));
		return Optional.of(lease);
	}

	/**
	 * Who holds a step's lease now, if anyone does and it has not expired.
	 * @param runId the Inngest run id
	 * @param stepId the step id
	 * @return the holder's token
	 */
	public Optional<String> holder(String runId, String stepId) {
		return this.jdbc
			.sql("select holder from step_leases where run_id = :run and step_id = :step and expires_at > now()")
			.param("run", runId)
			.param("step", stepId)
			.query(String.class)
			.optional();
	}

	boolean renew(StepLease lease) {
		return this.jdbc
			.sql("update step_leases set expires_at = now() + make_interval(secs => :ttl) "
					+ "where run_id = :run and step_id = :step and holder = :holder")
			.param("run", lease.runId())
			.param("step", lease.stepId())
			.param("holder", lease.holder())
			.param("ttl", seconds(lease.ttl()))
			.update() == 1;
	}

	void release(StepLease lease) {
		this.jdbc.sql("delete from step_leases where run_id = :run and step_id = :step and holder = :holder")
			.param("run", lease.runId())
			.param("step", lease.stepId())
			.param("holder", lease.holder())
			.update();
		logger.debug("Released step lease {}/{}", lease.runId(), lease.stepId());
	}

	/** Stops renewing every lease; their rows lapse after their time to live. */
	@Override
	public void close() {
		this.renewals.shutdownNow();
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
