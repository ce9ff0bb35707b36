/**
 * The guarded HTTP(S) client that imports a video from a user-supplied {@code sourceUrl}
 * (the SSRF guard): it parses the URL once, refuses hosts and resolved addresses that
 * point inside a private network, connects to exactly the address it checked, follows
 * redirects by hand re-checking every hop, and streams the body to a file under a byte
 * limit and a deadline. The URL never reaches ffmpeg. Depends only on the JDK, SLF4J and
 * Spring's configuration binding; nothing of the worker depends on it except the jobs
 * that call it.
 */
@NullMarked
package com.clipworker.download;

import org.jspecify.annotations.NullMarked;
