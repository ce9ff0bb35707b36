/**
 * The Inngest serve protocol as a self-contained library: the {@code /api/inngest}
 * endpoint (introspection, sync, execution), request signatures, step hashing and replay,
 * the step API the jobs use ({@link com.clipworker.inngest.InngestFunction},
 * {@link com.clipworker.inngest.Step}), registration, the events client and the per-step
 * metrics and middleware hook. It depends on Spring MVC, Jackson, Micrometer, SLF4J and
 * the JSON canonicaliser only, never on the rest of the worker, so it could be lifted
 * into its own artifact.
 */
@NullMarked
package com.clipworker.inngest;

import org.jspecify.annotations.NullMarked;
