package com.clipworker.media;

import java.nio.file.Path;

/**
 * A piece of speech audio under the upload byte budget, with its place in the source.
 *
 * @param path the file
 * @param startMs where it starts in the source
 * @param durationMs how long it is (chunks overlap by the requested overlap)
 */
public record AudioChunk(Path path, long startMs, long durationMs) {
}
