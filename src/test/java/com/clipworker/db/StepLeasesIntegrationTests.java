package com.clipworker.db;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease against a real server, with each replica on its own connection pool as it
 * would be in production.
 */
class StepLeasesIntegrationTests {

	private static final Duration TTL = Duration.ofSeconds(2);

	@AutoClose
	private static final TestDatabase database = TestDatabase.create();

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final String run = "01J" + UUID.randomUUID();

	@AfterEach
	void closeReplicas() throws Exception {
		for (AutoCloseable closeable : this.closeables.reversed()) {
			closeable.close();
		}
	}

	private Replica aReplica() {
		HikariDataSource pool = TestDatabase.pool(database.jdbcUrl(), 2);
		StepLeases leases = TestDatabase.stepLeases(JdbcClient.create(pool), Duration.ofMillis(200));
		this.closeables.add(pool);
		this.closeables.add(leases);
		return new Replica(pool, leases);
	}

	@Test
	void aHeldLeaseIsRefusedToAnotherHolderAndReleasedOnClose() {
		Replica first = aReplica();
		Replica second = aReplica();
		StepLease lease = first.leases().acquire(this.run, "transcode", "replica-a", TTL).orElseThrow();
		assertThat(lease.isHeld()).isTrue();
		assertThat(first.leases().holder(this.run, "transcode")).contains(lease.holder());
		assertThat(second.leases().acquire(this.run, "transcode", "replica-b", TTL)).isEmpty();
		assertThat(first.leases().acquire(this.run, "transcode", "replica-a", TTL))
			.as("a second attempt on the same replica")
			.isEmpty();
		assertThat(second.leases().acquire(this.run, "probe", "replica-b", TTL)).as("another step").isPresent();
		lease.close();
		assertThat(lease.isHeld()).isFalse();
		assertThat(second.leases().acquire(this.run, "transcode", "replica-b", TTL)).isPresent();
	}

	@Test
	void aRenewedLeaseOutlivesItsTimeToLive() {
		Replica first = aReplica();
		Replica second = aReplica();
		StepLease lease = first.leases().acquire(this.run, "transcode", "replica-a", TTL).orElseThrow();
		long until = System.nanoTime() + TTL.multipliedBy(2).toNanos();
		while (System.nanoTime() < until) {
			assertThat(second.leases().acquire(this.run, "transcode", "replica-b", TTL)).isEmpty();
			assertThat(lease.isHeld()).isTrue();
			pause();
		}
		lease.close();
	}

	@Test
	void theLeaseLapsesWhenItsHoldersConnectionsDie() {
		Replica doomed = aReplica();
		Replica survivor = aReplica();
		StepLease lease = doomed.leases().acquire(this.run, "transcode", "replica-a", TTL).orElseThrow();
		doomed.pool().close();
		assertThat(survivor.leases().acquire(this.run, "transcode", "replica-b", TTL)).isEmpty();
		Optional<StepLease> taken = poll(() -> survivor.leases().acquire(this.run, "transcode", "replica-b", TTL),
				TTL.multipliedBy(3));
		assertThat(taken).isPresent();
		assertThat(poll(() -> lease.isHeld() ? Optional.empty() : Optional.of(true), TTL.multipliedBy(2)))
			.as("the dead holder sees its lease as lost")
			.isPresent();
		taken.get().close();
	}

	@Test
	void aHolderThatStopsRenewingLosesTheLeaseToTheNextAttempt() {
		Replica stalled = aReplica();
		Replica next = aReplica();
		StepLease lease = stalled.leases().acquire(this.run, "transcode", "replica-a", TTL).orElseThrow();
		stalled.leases().close();
		StepLease taken = poll(() -> next.leases().acquire(this.run, "transcode", "replica-b", TTL),
				TTL.multipliedBy(3))
			.orElseThrow();
		lease.renew();
		assertThat(lease.isHeld()).as("a renewal after the takeover finds the lease gone").isFalse();
		lease.close();
		assertThat(next.leases().holder(this.run, "transcode")).as("closing the lost lease leaves the new one")
			.contains(taken.holder());
		taken.close();
	}

	@Test
	void concurrentAttemptsLeaveExactlyOneHolder() throws Exception {
		List<Replica> replicas = List.of(aReplica(), aReplica(), aReplica(), aReplica());
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Optional<StepLease>>> attempts = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 8; i++) {
				Replica replica = replicas.get(i % replicas.size());
				attempts.add(pool.submit(() -> {
					start.await();
					return replica.leases().acquire(this.run, "render", "replica", TTL);
				}));
			}
			start.countDown();
			List<StepLease> held = new ArrayList<>();
			for (Future<Optional<StepLease>> attempt : attempts) {
				attempt.get().ifPresent(held::add);
			}
			assertThat(held).hasSize(1);
			held.forEach(StepLease::close);
		}
	}

	private static <T> Optional<T> poll(Supplier<Optional<T>> attempt, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			Optional<T> result = attempt.get();
			if (result.isPresent()) {
				return result;
			}
			pause();
		}
		return Optional.empty();
	}

	private static void pause() {
		LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
	}

	private record Replica(HikariDataSource pool, StepLeases leases) {
	}

}
