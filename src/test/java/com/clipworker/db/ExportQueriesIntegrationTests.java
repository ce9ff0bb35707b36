package com.clipworker.db;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExportQueriesIntegrationTests {

	@AutoClose
	private static final TestDatabase database = TestDatabase.create();

	private final MutableClock clock = new MutableClock();

	private final ExportQueries exports = database.exports(this.clock);

	private UUID anExport() {
		UUID id = UUID.randomUUID();
		assertThat(this.exports.insertIfAbsent(id, UUID.randomUUID(), UUID.randomUUID(), "vertical-1080", "karaoke"))
			.isTrue();
		return id;
	}

	@Test
	void rendersForwardToDone() {
		UUID id = anExport();
		Export pending = this.exports.find(id).orElseThrow();
		assertThat(pending.status()).isEqualTo(ExportStatus.PENDING);
		assertThat(pending.preset()).isEqualTo("vertical-1080");
		assertThat(pending.captionStyle()).isEqualTo("karaoke");
		assertThat(this.exports.findOwned(id, pending.ownerId())).isPresent();
		assertThat(this.exports.findOwned(id, UUID.randomUUID())).isEmpty();
		assertThat(this.exports.markRendering(id)).isTrue();
		assertThat(this.exports.reportProgress(id, 10)).isTrue();
		assertThat(this.exports.reportProgress(id, 20)).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.exports.reportProgress(id, 30)).isTrue();
		assertThat(this.exports.find(id).orElseThrow().progress()).isEqualTo(30);
		assertThat(this.exports.markDone(id, "exports/" + id + "/final.mp4")).isTrue();
		assertThat(this.exports.markDone(id, "exports/" + id + "/final.mp4")).as("a retried step").isTrue();
		Export done = this.exports.find(id).orElseThrow();
		assertThat(done.status()).isEqualTo(ExportStatus.DONE);
		assertThat(done.progress()).isEqualTo(100);
		assertThat(done.outputKey()).isEqualTo("exports/" + id + "/final.mp4");
	}

	@Test
	void aLateRetryNeverMovesAFinishedExportBack() {
		UUID id = anExport();
		this.exports.markRendering(id);
		this.exports.markDone(id, "exports/" + id + "/final.mp4");
		assertThat(this.exports.markRendering(id)).isFalse();
		assertThat(this.exports.markFailed(id, "late")).isFalse();
		this.clock.advance(Duration.ofSeconds(2));
		assertThat(this.exports.reportProgress(id, 5)).isFalse();
		Export export = this.exports.find(id).orElseThrow();
		assertThat(export.status()).isEqualTo(ExportStatus.DONE);
		assertThat(export.error()).isNull();
		assertThat(export.progress()).isEqualTo(100);
	}

	@Test
	void aFailedExportKeepsItsReason() {
		UUID id = anExport();
		assertThat(this.exports.markFailed(id, "the clip no longer exists")).isTrue();
		assertThat(this.exports.markDone(id, "x")).isFalse();
		assertThat(this.exports.find(id).orElseThrow().error()).isEqualTo("the clip no longer exists");
		assertThat(this.exports.find(id).orElseThrow().outputKey()).isNull();
	}

}
