package com.clipworker.download;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * A finished download.
 *
 * @param file where the body was written
 * @param size the body's length in bytes
 * @param contentType the server's {@code Content-Type}, if it sent one (untrusted: probe
 * the file instead)
 * @param redirects how many redirects were followed
 */
public record Download(Path file, long size, @Nullable String contentType, int redirects) {
}
