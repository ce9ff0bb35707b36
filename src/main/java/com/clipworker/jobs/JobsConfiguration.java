package com.clipworker.jobs;

import com.clipworker.ai.AiProperties;
import com.clipworker.ai.AiResultCache;
import com.clipworker.ai.ClipPicker;
import com.clipworker.ai.Transcription;
import com.clipworker.db.AiResultQueries;
import com.clipworker.db.ClipQueries;
import com.clipworker.db.ExportQueries;
import com.clipworker.db.StepLeases;
import com.clipworker.db.TranscriptQueries;
import com.clipworker.db.VideoQueries;
import com.clipworker.download.UrlDownloader;
import com.clipworker.inngest.InngestFunction;
import com.clipworker.jobs.clipexport.ClipExportActivities;
import com.clipworker.jobs.clipexport.ClipExportFunction;
import com.clipworker.jobs.deletevideo.DeleteVideoActivities;
import com.clipworker.jobs.deletevideo.DeleteVideoFunction;
import com.clipworker.jobs.generateclips.GenerateClipsActivities;
import com.clipworker.jobs.generateclips.GenerateClipsFunction;
import com.clipworker.jobs.processvideo.ProcessVideoActivities;
import com.clipworker.jobs.processvideo.ProcessVideoFunction;
import com.clipworker.media.Ffmpeg;
import com.clipworker.media.Ffprobe;
import com.clipworker.media.JobDirectories;
import com.clipworker.media.MediaProperties;
import com.clipworker.media.captions.CaptionLayout;
import com.clipworker.media.captions.CaptionRenderer;
import com.clipworker.storage.DownloadCache;
import com.clipworker.storage.ObjectStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The four functions, their activities, and what they share. */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

	@Bean
	ErrorClassifier jobErrorClassifier() {
		return new ErrorClassifier();
	}

	@Bean
	AiResultCache postgresAiResultCache(AiResultQueries queries) {
		return new PostgresAiResultCache(queries);
	}

	@Bean
	StepWorkspace stepWorkspace(StepLeases leases, JobDirectories directories, JobsProperties properties) {
		return new StepWorkspace(leases, directories, properties);
	}

	@Bean
	ProcessVideoActivities processVideoActivities(VideoQueries videos, TranscriptQueries transcripts, ObjectStore store,
			DownloadCache cache, Ffprobe ffprobe, Ffmpeg ffmpeg, Transcription transcription, UrlDownloader downloader,
			StepWorkspace workspace, JobsProperties properties, JsonMapper json) {
		return new ProcessVideoActivities(videos, transcripts, store, cache, ffprobe, ffmpeg, transcription, downloader,
				workspace, properties, json);
	}

	@Bean
	InngestFunction processVideoFunction(ProcessVideoActivities activities, JobsProperties properties,
			Transcription transcription) {
		return ProcessVideoFunction.define(activities, properties, transcription.available());
	}

	@Bean
	GenerateClipsActivities generateClipsActivities(VideoQueries videos, TranscriptQueries transcripts,
			ClipQueries clips, ObjectStore store, DownloadCache cache, Ffprobe ffprobe, Ffmpeg ffmpeg,
			ClipPicker picker, AiProperties ai, StepWorkspace workspace, JsonMapper json) {
		return new GenerateClipsActivities(videos, transcripts, clips, store, cache, ffprobe, ffmpeg, picker,
				ai.picking().settings(), workspace, json);
	}

	@Bean
	InngestFunction generateClipsFunction(GenerateClipsActivities activities, JobsProperties properties) {
		return GenerateClipsFunction.define(activities, properties);
	}

	@Bean
	CaptionLayout captionLayout() {
		return new CaptionLayout(CaptionLayout.Options.defaults());
	}

	@Bean
	ClipExportActivities clipExportActivities(ExportQueries exports, ClipQueries clips, VideoQueries videos,
			TranscriptQueries transcripts, ObjectStore store, DownloadCache cache, Ffprobe ffprobe, Ffmpeg ffmpeg,
			CaptionLayout layout, CaptionRenderer renderer, MediaProperties media, StepWorkspace workspace) {
		return new ClipExportActivities(exports, clips, videos, transcripts, store, cache, ffprobe, ffmpeg, layout,
				renderer, media, workspace);
	}

	@Bean
	InngestFunction clipExportFunction(ClipExportActivities activities, JobsProperties properties) {
		return ClipExportFunction.define(activities, properties);
	}

	@Bean
	DeleteVideoActivities deleteVideoActivities(VideoQueries videos, ObjectStore store) {
		return new DeleteVideoActivities(videos, store);
	}

	@Bean
	InngestFunction deleteVideoFunction(DeleteVideoActivities activities, JobsProperties properties) {
		return DeleteVideoFunction.define(activities, properties);
	}

}
