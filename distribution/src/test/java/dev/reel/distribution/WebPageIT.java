package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.testing.RerunWebViewer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reel's web page ({@code GET /}) in headless Chromium, served by a real {@code reel serve} process with the Rerun
 * web viewer the distribution bundles: it lists a live recording and a registered dataset's segment, and each opens
 * in the embedded viewer with its data.
 */
class WebPageIT {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path temp;

    @Test
    void thePageListsLiveRecordingsAndSegmentsAndOpensThemInTheViewer() throws Exception {
        RerunWebViewer.assumeAvailable();
        Path root = Files.createDirectories(temp.resolve("recordings"));
        Files.write(root.resolve("episode-1.rrd"), recording("robot_fleet", "episode-1", 0, 50));
        try (ReelProcess reel = ReelProcess.start(temp.resolve("data"), temp.resolve("serve.log"),
                "--allowed-roots", root.toString())) {
            String base = "http://127.0.0.1:" + reel.httpPort();
            assertThat(post(base + "/api/recordings", recording("viewer_page", "live-1", 10, 90)).statusCode())
                    .isEqualTo(200);
            assertThat(post(base + "/api/datasets", "{\"name\": \"runs\"}".getBytes()).statusCode()).isEqualTo(201);
            assertThat(post(base + "/api/datasets/runs/register", new JsonObject().put("uris", new JsonArray()
                    .add(root.resolve("episode-1.rrd").toString())).encode().getBytes()).statusCode()).isEqualTo(200);

            RerunWebViewer.PageResult segment = RerunWebViewer.openReelPage(base + "/", "segment", "runs/episode-1",
                    "episode-1", List.of("frame"));
            assertThat(segment.recordings()).contains("viewer_page/live-1");
            assertThat(segment.segments()).containsExactly("runs/episode-1");
            assertThat(segment.events()).anySatisfy(event -> assertThat(event.get("recording_id"))
                    .isEqualTo("episode-1"));
            assertThat(segment.ranges().get("frame")).isEqualTo(new RerunWebViewer.TimeRange(0, 49));
            assertThat(segment.errors()).isEmpty();

            RerunWebViewer.PageResult live = RerunWebViewer.openReelPage(base + "/", "recording",
                    "viewer_page/live-1", "live-1", List.of("frame"));
            assertThat(live.events()).anySatisfy(event -> {
                assertThat(event.get("application_id")).isEqualTo("viewer_page");
                assertThat(event.get("recording_id")).isEqualTo("live-1");
            });
            assertThat(live.ranges().get("frame")).isEqualTo(new RerunWebViewer.TimeRange(10, 89));
        }
    }

    private static byte[] recording(String application, String recording, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).recordingId(recording).logTime(false)
                .batching(new BatcherConfig(32, 1 << 20, Duration.ZERO)).to(out)) {
            for (int frame = from; frame < to; frame++) {
                rec.setTime("frame", frame);
                rec.log("speed", Scalars.of(frame * 0.1));
            }
        }
        return out.toByteArray();
    }

    private HttpResponse<String> post(String url, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
