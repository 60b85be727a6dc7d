package dev.reel.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.LogMsg;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.Points3D;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.rrd.sdk.TextLog;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import dev.reel.testing.RerunWebViewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Rerun 0.33 web viewer (npm {@code @rerun-io/web-viewer}, headless Chromium) opens files Reel writes:
 * its {@code recording_open} event carries our ids, and {@code get_time_range} on each timeline equals what was
 * logged (rerun-rrd-format.md §9).
 */
class TestWebViewerReadsReelOutput {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    @Test
    void opensARecordingLoggedWithTheJavaApiIncludingStaticDataAndABlueprint() throws Exception {
        RerunWebViewer.assumeAvailable();
        Path file = temp.resolve("reel_logged.rrd");
        try (RecordingStream rec = RecordingStream.builder("reel_viewer_check").recordingId("java-logged-1")
                .saveTo(file)) {
            rec.logStatic("description", TextDocument.markdown("# Logged by Reel"));
            for (int frame = 3; frame <= 42; frame++) {
                rec.setTime("frame", frame);
                rec.setDuration("sim_clock", Duration.ofMillis(frame * 10L));
                rec.log("world/points", Points3D.of(frame, 0, 0, 0, frame, 0).withColors(0xFF0000FF));
                rec.log("plot/value", Scalars.of(Math.sin(frame / 5.0)));
            }
            rec.setTime("frame", 7);
            rec.log("log", TextLog.of("a log line").withLevel("INFO"));
            rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.EXPANDED)
                    .withAutomaticViewport(true, true), true, true);
        }
        RerunWebViewer.Result result = RerunWebViewer.openFile(file, List.of("frame", "sim_clock", "log_tick"));

        assertThat(result.errors()).isEmpty();
        assertThat(result.recordingOpens()).anySatisfy(event -> {
            assertThat(event.get("application_id")).isEqualTo("reel_viewer_check");
            assertThat(event.get("recording_id")).isEqualTo("java-logged-1");
        });
        Map<String, RerunWebViewer.TimeRange> ranges = result.ranges().get("java-logged-1");
        assertThat(ranges.get("frame")).isEqualTo(new RerunWebViewer.TimeRange(3, 42));
        assertThat(ranges.get("sim_clock")).isEqualTo(new RerunWebViewer.TimeRange(30_000_000, 420_000_000));
        assertThat(ranges).doesNotContainKey("log_tick");
    }

    @Test
    void opensARealRerunFileReencodedByReel() throws Exception {
        RerunWebViewer.assumeAvailable();
        List<LogMsg> messages = RrdReader.readAll(Fixtures.rrd(Fixtures.FILE1), arrow.allocator());
        Path file = temp.resolve("file1_reencoded.rrd");
        try {
            Files.write(file, Messages.encode(messages, Compression.LZ4));
        } finally {
            messages.forEach(LogMsg::close);
        }
        RerunWebViewer.Result result = RerunWebViewer.openFile(file, List.of("log_tick"));
        assertThat(result.errors()).isEmpty();
        assertThat(result.recordingOpens()).anySatisfy(event -> {
            assertThat(event.get("application_id")).isEqualTo("file1");
            assertThat(event.get("recording_id")).isEqualTo("728a58b2a8d4463ab69effd48853945a");
        });
        // the original file1 has log_tick 1..58 (rrd_dump.py; the viewer shows the same for the original)
        assertThat(result.ranges().get("728a58b2a8d4463ab69effd48853945a").get("log_tick"))
                .isEqualTo(new RerunWebViewer.TimeRange(1, 58));
    }
}
