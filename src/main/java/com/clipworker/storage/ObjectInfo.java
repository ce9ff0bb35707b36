package com.clipworker.storage;

import org.jspecify.annotations.Nullable;

/**
 * What the store knows about an object.
 *
 * @param key the object's key
 * @param size size in bytes
 * @param etag the entity tag, which changes whenever the content is replaced
 * @param contentType the content type, or {@code null} when the listing does not say
 */
public record ObjectInfo(String key, long size, String etag, @Nullable String contentType) {
}
