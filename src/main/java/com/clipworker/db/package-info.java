/**
 * The worker's rows in Supabase Postgres: the Flyway migrations under
 * {@code db/migration}, one query class per aggregate on {@code JdbcClient} returning
 * records ({@link com.clipworker.db.VideoQueries}, {@link com.clipworker.db.ClipQueries},
 * ...), the step lease ({@link com.clipworker.db.StepLeases}), the conversion of
 * {@code DATABASE_URL} to JDBC and the embedded PostgreSQL of local mode. Every write is
 * an upsert or a guarded update, so a retried step converges. May depend on
 * {@code config} only.
 */
@NullMarked
package com.clipworker.db;

import org.jspecify.annotations.NullMarked;
