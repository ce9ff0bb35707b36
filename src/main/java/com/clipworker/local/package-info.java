/**
 * What only local mode runs: the embedded-default runner and the executor harness, and
 * the serving of the local-disk store's links. Active only with
 * {@code WORKER_MODE=local}. May depend on every other package; nothing depends on it.
 */
@NullMarked
package com.clipworker.local;

import org.jspecify.annotations.NullMarked;
