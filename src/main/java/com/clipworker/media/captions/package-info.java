/**
 * Captions for exports: word timings laid out into pages and distinct visual states
 * ({@link com.clipworker.media.captions.CaptionLayout}), one transparent PNG of the
 * caption band rendered per state by headless Chromium over the DevTools protocol
 * ({@link com.clipworker.media.captions.CaptionRenderer}). May depend on
 * {@code com.clipworker.media} (the process runner and its exceptions), nothing else of
 * the worker.
 */
@NullMarked
package com.clipworker.media.captions;

import org.jspecify.annotations.NullMarked;
