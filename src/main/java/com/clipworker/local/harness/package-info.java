/**
 * The executor harness: a test and development stand-in for the Inngest executor that
 * drives functions through the worker's real {@code /api/inngest} endpoint (canonical and
 * signed bodies, the 206 loop, memoized state, the stack, concurrent planned steps,
 * retries, shortened sleeps, waits resumed by events, invoke, cancellation, concurrency
 * limits and event fan-out). It also stands in for the Inngest API the worker calls
 * (registration, events, run state). Not a production executor; may depend on anything.
 */
@NullMarked
package com.clipworker.local.harness;

import org.jspecify.annotations.NullMarked;
