/**
 * Start-up configuration shared by every capability: the worker mode
 * ({@code WORKER_MODE}), the translation of the conventional environment names
 * ({@code DATABASE_URL}, {@code R2_*}, {@code INNGEST_*}, ...) into properties, and the
 * refusal to start when the chosen mode lacks a variable it needs. Depends on nothing
 * else of the worker.
 */
@NullMarked
package com.clipworker.config;

import org.jspecify.annotations.NullMarked;
