/**
 * Object storage: the {@link com.clipworker.storage.ObjectStore} verbs, their R2/S3
 * implementation on the AWS SDK v2 (configured the way R2 needs: path-style, region
 * {@code auto}, no chunked encoding, checksums only when required), the local-disk
 * implementation of local mode, object key validation and the download cache. Files are
 * streamed between disk and the store, never held in memory. May depend on {@code config}
 * only.
 */
@NullMarked
package com.clipworker.storage;

import org.jspecify.annotations.NullMarked;
