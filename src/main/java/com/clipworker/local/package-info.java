/**
 * The embedded-default runner: what the README's first command runs. The executor harness
 * that drives the functions through the real HTTP endpoint, the demo pipeline with its
 * live progress and its HTML report, and the serving of local-disk objects. Wired only in
 * local mode. May depend on every other package; nothing depends on it.
 */
@NullMarked
package com.clipworker.local;

import org.jspecify.annotations.NullMarked;
