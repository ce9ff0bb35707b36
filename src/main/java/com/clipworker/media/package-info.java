/**
 * The worker's hands: ffprobe, ffmpeg and headless Chromium. {@link ProcessRunner} is the
 * one place a process starts (deadlines, per-kind concurrency, whole-tree kill, stderr
 * tail, deleting the outputs of a failed run); {@link Ffprobe} reads and vets user files,
 * {@link Ffmpeg} runs every transform on hardened argument lists, and
 * {@code media.captions} lays captions out and renders them in Chromium. Depends only on
 * the JDK, Spring, Micrometer and Jaffree's ffprobe model; never on jobs, web, local or
 * inngest.
 */
@NullMarked
package com.clipworker.media;

import org.jspecify.annotations.NullMarked;
