/**
 * The conformance fixture: the five reference functions of Inngest's SDK conformance
 * suite and a small Spring Boot app serving them in dev mode with in-band sync, started
 * by {@code scripts/conformance-fixture}. Not part of the worker's production wiring
 * (nothing here is a component); depends only on the {@code inngest} package.
 */
@NullMarked
package com.clipworker.inngest.conformance;

import org.jspecify.annotations.NullMarked;
