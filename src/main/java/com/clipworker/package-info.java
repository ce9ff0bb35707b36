/**
 * The worker's root. Each sub-package is one capability: {@code inngest} (the serve
 * protocol, a self-contained library), {@code jobs} (the functions, orchestration only),
 * {@code media}, {@code ai}, {@code storage}, {@code db}, {@code web} (health and error
 * mapping), {@code config} (modes and environment names) and {@code local} (the
 * embedded-default runner). {@code ModularityTests} enforces the directions between them.
 */
package com.clipworker;
