package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.testing.RerunWebViewer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording held by a real {@code reel serve} process opens in the real Rerun web viewer (0.33, headless
 * Chromium) both ways the viewer reads a server: its {@code .rrd} URL, and Rerun's gRPC proxy over gRPC-web
 * ({@code rerun+http://127.0.0.1:PORT/proxy}, rerun-rrd-format.md §7.1), where data uploaded while the viewer is
 * open appears in it.
 */
class RecordingWebViewerIT {
    private static final String APP = "viewer_it";
    private static final String RECORDING = "drive-3";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path temp;

    @Test
    void aRecordingOpensFromItsRrdUrl() throws Exception {
        RerunWebViewer.assumeAvailable();
        try (ReelProcess reel = ReelProcess.start(temp.resolve("data"), temp.resolve("serve.log"))) {
            String base = "http://127.0.0.1:" + reel.httpPort();
            upload(base, 0, 100);
            RerunWebViewer.Result result = RerunWebViewer.open(
                    base + "/api/recordings/" + APP + "/" + RECORDING + ".rrd", List.of("frame"));
            assertThat(result.errors()).isEmpty();
            assertThat(result.recordingOpens()).anySatisfy(event -> {
                assertThat(event.get("application_id")).isEqualTo(APP);
                assertThat(event.get("recording_id")).isEqualTo(RECORDING);
            });
            assertThat(result.ranges().get(RECORDING).get("frame")).isEqualTo(new RerunWebViewer.TimeRange(0, 99));
        }
    }

    @Test
    void theViewerOnTheGrpcProxyShowsWhatReelHoldsThenWhatArrivesLive() throws Exception {
        RerunWebViewer.assumeAvailable();
        try (ReelProcess reel = ReelProcess.start(temp.resolve("data"), temp.resolve("serve.log"))) {
            String base = "http://127.0.0.1:" + reel.httpPort();
            upload(base, 0, 100);
            RerunWebViewer.LiveResult result = RerunWebViewer.openLive(
                    "rerun+http://127.0.0.1:" + reel.httpPort() + "/proxy", List.of("frame"),
                    () -> upload(base, 100, 180));
            assertThat(result.first().recordingOpens()).anySatisfy(event -> {
                assertThat(event.get("application_id")).isEqualTo(APP);
                assertThat(event.get("recording_id")).isEqualTo(RECORDING);
            });
            assertThat(result.first().ranges().get(RECORDING).get("frame"))
                    .as("the history, before more data was sent").isEqualTo(new RerunWebViewer.TimeRange(0, 99));
            assertThat(result.last().ranges().get(RECORDING).get("frame"))
                    .as("after frames 100-179 were uploaded to the open viewer's server")
                    .isEqualTo(new RerunWebViewer.TimeRange(0, 179));
            assertThat(result.last().errors()).isEmpty();
        }
    }

    /** Uploads frames {@code from} to {@code to - 1} of the recording as an {@code .rrd} body. */
    private void upload(String base, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(APP).recordingId(RECORDING).logTime(false)
                .batching(new BatcherConfig(32, 1 << 20, Duration.ZERO)).to(out)) {
            rec.logStatic("about", TextDocument.of("frames " + from + " to " + (to - 1)));
            for (int frame = from; frame < to; frame++) {
                rec.setTime("frame", frame);
                rec.log("speed", Scalars.of(Math.sin(frame / 10.0)));
            }
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/recordings"))
                    .timeout(Duration.ofSeconds(30)).header("content-type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
