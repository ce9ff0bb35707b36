package com.clipworker.jobs.deletevideo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.clipworker.db.DeletedRows;
import com.clipworker.db.Video;
import com.clipworker.db.VideoQueries;
import com.clipworker.jobs.JobInputException;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;

/**
 * The work behind delete-video. Objects go first, rows last, so a failure half-way leaves
 * the rows that name what is still to delete, and a retry finishes the job; every step is
 * safe to run again.
 */
public class DeleteVideoActivities {

	private final VideoQueries videos;

	private final ObjectStore store;

	public DeleteVideoActivities(VideoQueries videos, ObjectStore store) {
		this.videos = videos;
		this.store = store;
	}

	/**
	 * Step {@code list}: the prefixes of every object the video owns: its own, its clips'
	 * and its exports'.
	 */
	public List<String> list(UUID videoId, UUID ownerId) {
		this.videos.find(videoId).map(Video::ownerId).filter((owner) -> !owner.equals(ownerId)).ifPresent((owner) -> {
			throw new JobInputException("Video " + videoId + " does not belong to owner " + ownerId);
		});
		List<String> prefixes = new ArrayList<>();
		prefixes.add(ObjectKeys.videoPrefix(videoId));
		this.videos.clipIds(videoId).stream().sorted().map(ObjectKeys::clipPrefix).forEach(prefixes::add);
		this.videos.exportIds(videoId).stream().sorted().map(ObjectKeys::exportPrefix).forEach(prefixes::add);
		return prefixes;
	}

	/** Step {@code delete-objects}: every object under the prefixes. */
	public int deleteObjects(List<String> prefixes) {
		int deleted = 0;
		for (String prefix : prefixes) {
			deleted += this.store.deletePrefix(prefix);
		}
		return deleted;
	}

	/**
	 * Step {@code delete-rows}: the derived rows (transcripts, clips, exports), then the
	 * video row.
	 */
	public int deleteRows(UUID videoId) {
		DeletedRows rows = this.videos.deleteDerivedRows(videoId);
		return rows.transcripts() + rows.clips() + rows.exports() + (this.videos.delete(videoId) ? 1 : 0);
	}

}
