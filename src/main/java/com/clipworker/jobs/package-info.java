/**
 * The worker's Inngest functions: process-video, generate-clips, clip-export and
 * delete-video, one sub-package each. A function class only orders steps (ids, order,
 * parallel groups, events); each step body calls one method of the function's activities
 * class, which does the work with the capabilities. This package holds what the functions
 * share: the settings, the step lease and job directory around heavy steps, the mapping
 * of capability errors onto Inngest's retry classification, event parsing, and the
 * Postgres-backed cache of paid AI answers. May depend on media, ai, storage, db,
 * download, events, config and the inngest step API; nothing depends on it but local.
 */
@NullMarked
package com.clipworker.jobs;

import org.jspecify.annotations.NullMarked;
