package com.clipworker.media;

import java.time.Duration;

/**
 * A process that exited with status 0.
 *
 * @param stdout what it wrote to stdout (empty when progress was parsed from it)
 * @param stderrTail the last lines of its stderr
 * @param duration wall time from start to exit
 */
public record ProcessResult(String stdout, String stderrTail, Duration duration) {
}
