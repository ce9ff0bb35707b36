package com.clipworker.db;

import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The shape of every guarded write to a row the web app reads: an update of the row with
 * an id (and a generation), only where a guard holds, that also moves {@code updated_at},
 * with the key bound. The caller binds the assignments' own parameters and runs it;
 * {@link #asAsked} turns the count into the answer the query classes give.
 */
final class GuardedUpdate {

	/** The guard of a write that only needs its row (and generation) to exist. */
	static final String ANY_STATUS = "true";

	private final JdbcClient jdbc;

	private final String table;

	GuardedUpdate(JdbcClient jdbc, String table) {
		this.jdbc = jdbc;
		this.table = table;
	}

	/**
	 * The update of one row, where the guard holds.
	 * @param id the row's id
	 * @param assignments the {@code set} list, without {@code updated_at}
	 * @param guard the condition the row must meet ({@link #ANY_STATUS} for none)
	 * @return the statement with {@code :id} bound
	 */
	JdbcClient.StatementSpec row(UUID id, String assignments, String guard) {
		return this.jdbc
			.sql("update " + this.table + " set " + assignments + ", updated_at = now() where id = :id and " + guard)
			.param("id", id);
	}

	/**
	 * The update of one row while it is in a generation, where the guard holds.
	 * @param id the row's id
	 * @param generation the generation the row must be in
	 * @param assignments the {@code set} list, without {@code updated_at}
	 * @param guard the condition the row must meet ({@link #ANY_STATUS} for none)
	 * @return the statement with {@code :id} and {@code :generation} bound
	 */
	JdbcClient.StatementSpec row(UUID id, int generation, String assignments, String guard) {
		return row(id, assignments, "generation = :generation and " + guard).param("generation", generation);
	}

	/**
	 * Whether a guarded write leaves the row as asked: it changed the row now, or the row
	 * already was so (a retry of a write that went through).
	 * @param updated the rows the write changed
	 * @param alreadySo reads whether the row is as asked, asked only when nothing changed
	 * @return the answer
	 */
	static boolean asAsked(int updated, BooleanSupplier alreadySo) {
		return updated == 1 || alreadySo.getAsBoolean();
	}

}
