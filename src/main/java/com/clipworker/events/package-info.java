/**
 * The contract with the web app: one record per Inngest event payload (those the web app
 * sends and those the worker emits), the export preset and caption style ids, the
 * validation that names the bad field, and the exporter that writes the JSON Schema and
 * TypeScript files of {@code contract/} from these records by reflection. Depends on
 * nothing of the worker (only the JDK and Jackson's annotations), so it could be lifted
 * into its own artifact.
 */
@NullMarked
package com.clipworker.events;

import org.jspecify.annotations.NullMarked;
