package com.clipworker.db;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The database connection and the database capability's behaviour.
 *
 * @param url {@code DATABASE_URL}: a {@code postgresql://user:password@host:port/db} URI
 * as Supabase shows it (direct, session pooler or transaction pooler), or a
 * {@code jdbc:postgresql:} URL; unset in local mode starts the embedded PostgreSQL
 * @param poolSize {@code DATABASE_POOL_SIZE}: most connections the worker opens
 * @param migrate {@code DATABASE_MIGRATE}: apply the Flyway migrations at start-up; turn
 * off when the web app owns the schema
 * @param connectTimeout longest wait for a connection from the pool
 * @param embeddedDirectory where the embedded PostgreSQL keeps its data; unset means
 * {@code ${clipworker.data-dir}/postgres}
 * @param progressInterval shortest time between two progress writes to one row
 * @param lease the step lease
 */
@Validated
@ConfigurationProperties("clipworker.database")
public record DatabaseProperties(@Nullable String url, @Min(1) @Max(200) @DefaultValue("6") int poolSize,
		@DefaultValue("true") boolean migrate, @NotNull @DefaultValue("10s") Duration connectTimeout,
		@Nullable Path embeddedDirectory, @NotNull @DefaultValue("1s") Duration progressInterval,
		@Valid @NotNull @DefaultValue Lease lease) {

	@Override
	public String toString() {
		return "DatabaseProperties[url=" + ((this.url != null) ? "(set)" : "(unset)") + ", poolSize=" + this.poolSize
				+ ", migrate=" + this.migrate + ", connectTimeout=" + this.connectTimeout + ", embeddedDirectory="
				+ this.embeddedDirectory + ", progressInterval=" + this.progressInterval + ", lease=" + this.lease
				+ "]";
	}

	/**
	 * The step lease.
	 *
	 * @param ttl how long a lease lasts without renewal: a holder that dies blocks a
	 * redelivered step for at most this long
	 * @param renewEvery how often a live holder renews (well below {@code ttl})
	 */
	public record Lease(@NotNull @DefaultValue("30s") Duration ttl, @NotNull @DefaultValue("10s") Duration renewEvery) {
	}

}
