package com.clipworker.db;

/**
 * How many derived rows of a video a delete removed.
 *
 * @param transcripts transcript rows
 * @param clips clip rows
 * @param exports export rows
 */
public record DeletedRows(int transcripts, int clips, int exports) {
}
