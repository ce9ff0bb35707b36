/**
 * Facts about the local file system shared by the capabilities that write to it (media
 * job directories, the object store's local files, URL downloads):
 * {@link com.clipworker.files.DiskSpace} tells a full disk from other I/O failures and
 * describes the free space left. Depends on nothing else of the worker.
 */
@NullMarked
package com.clipworker.files;

import org.jspecify.annotations.NullMarked;
