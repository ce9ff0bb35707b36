/**
 * The demo: a sample video through process-video, generate-clips and clip-export, with
 * progress in the terminal and a page of pictures at the end ({@code out/report.html}).
 */
@NullMarked
package com.clipworker.local.demo;

import org.jspecify.annotations.NullMarked;
