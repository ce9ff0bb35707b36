package com.clipworker.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clipworker.db.StepLease;
import com.clipworker.db.StepLeases;
import com.clipworker.inngest.InngestFunction;
import com.clipworker.inngest.RetryAfterError;
import com.clipworker.inngest.StepContext;
import com.clipworker.inngest.Trigger;
import com.clipworker.media.JobDirectories;
import com.clipworker.media.MediaProperties;
import com.clipworker.media.ProcessKind;
import com.clipworker.media.ProcessRequest;
import com.clipworker.media.ProcessRunner;
import com.clipworker.storage.ObjectInfo;
import com.clipworker.storage.ObjectKeys;
import com.clipworker.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;

/**
 * Test-only functions for the worker processes of the shutdown and load scenarios. Not
 * annotated, so component scanning never picks them up: {@link ProbeWorker} adds them as
 * a source. {@code probe-encode} has one heavy step shaped like a real one: it takes the
 * step lease (so a redelivery waits while another replica still works), encodes
 * {@code seconds} of lavfi video with ffmpeg at real-time speed through the
 * {@link ProcessRunner}, uploads the file to the object store under a key derived from
 * the event, and only then returns. {@code probe-short} is two trivial steps.
 */
public class ProbeFunctions {

	private static final Logger logger = LoggerFactory.getLogger(ProbeFunctions.class);

	@Bean
	InngestFunction probeEncode(ProcessRunner runner, MediaProperties media, JobDirectories directories,
			ObjectStore store, StepLeases leases) {
		return InngestFunction.builder("probe-encode")
			.trigger(Trigger.event("test/probe.encode"))
			.retries(20)
			.handler((ctx, step) -> {
				Probe probe = ctx.event().data(Probe.class);
				Encoded encoded = step.run("encode", Encoded.class,
						() -> encode(probe, runner, media, directories, store, leases));
				return Map.of("key", encoded.key(), "size", encoded.size());
			});
	}

	@Bean
	InngestFunction probeShort() {
		return InngestFunction.builder("probe-short")
			.trigger(Trigger.event("test/probe.short"))
			.retries(4)
			.handler((ctx, step) -> {
				String first = step.run("first", String.class, () -> "one");
				Integer second = step.run("second", Integer.class, () -> first.length() + 1);
				return Map.of("first", first, "second", second);
			});
	}

	private static Encoded encode(Probe probe, ProcessRunner runner, MediaProperties media, JobDirectories directories,
			ObjectStore store, StepLeases leases) {
		StepContext step = StepContext.current();
		long pid = ProcessHandle.current().pid();
		StepLease lease = leases.acquire(step.runId(), step.hashedId(), "pid-" + pid)
			.orElseThrow(() -> new RetryAfterError("The step runs on another replica", Duration.ofSeconds(1)));
		try (lease) {
			logger.info("PROBE_STEP_STARTED pid={} attempt={}", pid, step.attempt());
			Path dir = directories.create("probe");
			try {
				Path out = dir.resolve("out.mp4");
				runner.run(ProcessRequest.of(ProcessKind.HEAVY,
						List.of(media.ffmpeg().toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-re",
								"-f", "lavfi", "-i", "testsrc2=size=160x120:rate=10:duration=" + probe.seconds(),
								"-c:v", "libx264", "-preset", "ultrafast", "-threads", "1", "-y", out.toString()),
						dir, Duration.ofMinutes(2))
					.withOutputs(out));
				String key = ObjectKeys.exportFinal(probe.exportId());
				ObjectInfo info = store.put(key, out, "video/mp4");
				logger.info("PROBE_STEP_FINISHED pid={} key={} size={}", pid, key, info.size());
				return new Encoded(key, info.size());
			}
			finally {
				directories.delete(dir);
			}
		}
	}

	/**
	 * The event.
	 *
	 * @param exportId names the object written
	 * @param seconds how long the encode takes (it runs at real-time speed)
	 */
	public record Probe(UUID exportId, int seconds) {
	}

	/**
	 * What the step returns.
	 *
	 * @param key the object written
	 * @param size its size
	 */
	public record Encoded(String key, long size) {
	}

}
