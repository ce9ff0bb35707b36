/**
 * The worker's own HTTP surface beside the Inngest endpoint: {@code GET /api/health} and
 * the background dependency checks behind it. May depend on {@code config} and on the
 * capabilities whose health it reports ({@code db}, {@code storage}, {@code media});
 * nothing depends on it.
 */
@NullMarked
package com.clipworker.web;

import org.jspecify.annotations.NullMarked;
