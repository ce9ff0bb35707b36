package com.clipworker.local.harness;

import com.clipworker.inngest.Event;

/**
 * A run the harness started.
 *
 * @param runId the run id
 * @param functionId the composite function id ({@code <appId>-<id>})
 * @param event the event that started it
 */
public record RunHandle(String runId, String functionId, Event event) {

}
