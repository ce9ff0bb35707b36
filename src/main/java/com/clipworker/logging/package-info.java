/**
 * Keeps secrets out of the log: {@link com.clipworker.logging.LogMasking} holds the
 * expressions that blank passwords in URLs, signed-URL signatures and credentials, bearer
 * tokens and Inngest signing keys; the readable console pattern applies them with
 * Logback's {@code %replace} (see {@code application-local.yml}) and the structured ECS
 * format through {@link com.clipworker.logging.MaskingJsonMembersCustomizer}. Depends on
 * nothing else of the worker.
 */
@NullMarked
package com.clipworker.logging;

import org.jspecify.annotations.NullMarked;
