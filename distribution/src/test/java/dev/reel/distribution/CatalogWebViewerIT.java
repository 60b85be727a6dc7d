package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.testing.RerunWebViewer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment of a dataset opens in the real Rerun web viewer straight from the server: two files of one recording
 * id registered as two layers (frames 0-99 and 100-179) download as one recording whose time range is their
 * union, under the dataset's id as application and the segment as recording id (rerun-data-platform.md A.3,
 * D.1), with the dataset's blueprint: as an {@code .rrd} download, and through Rerun's Data Platform API.
 */
class CatalogWebViewerIT {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path temp;

    @Test
    void aSegmentOfTwoLayersOpensInTheRerunWebViewerAsOneRecording() throws Exception {
        RerunWebViewer.assumeAvailable();
        Path root = Files.createDirectories(temp.resolve("recordings"));
        try (RunningReel reel = RunningReel.start(temp, Map.of("reel.catalog.allowed-roots", root.toString()))) {
            String base = "http://127.0.0.1:" + reel.httpPort();
            String dataset = datasetOfTwoLayers(base, root);

            RerunWebViewer.Result result = RerunWebViewer.open(base + "/api/datasets/runs/segments/episode-7.rrd",
                    List.of("frame"));
            assertThat(result.errors()).isEmpty();
            assertThat(result.recordingOpens()).anySatisfy(event -> {
                assertThat(event.get("application_id")).isEqualTo(dataset);
                assertThat(event.get("recording_id")).isEqualTo("episode-7");
            });
            assertThat(result.ranges().get("episode-7").get("frame"))
                    .isEqualTo(new RerunWebViewer.TimeRange(0, 179));
        }
    }

    /**
     * The same segment opened the way Rerun's viewer opens a Data Platform's dataset, {@code rerun+http://HOST:PORT
     * /dataset/<entry id>?segment_id=<segment>}: over gRPC-web, WhoAmI, ReadDatasetEntry, GetRrdManifest (declined,
     * trailers-only), QueryDataset and FetchChunks (rerun-viewer-redap-calls.md §2), both layers pooled, under the
     * dataset's id as application id (§1: the store id of a dataset segment).
     */
    @Test
    void aSegmentOfTwoLayersOpensInTheRerunWebViewerOverTheDataPlatformApi() throws Exception {
        RerunWebViewer.assumeAvailable();
        Path root = Files.createDirectories(temp.resolve("recordings"));
        try (RunningReel reel = RunningReel.start(temp, Map.of("reel.catalog.allowed-roots", root.toString()))) {
            String base = "http://127.0.0.1:" + reel.httpPort();
            String dataset = datasetOfTwoLayers(base, root);

            RerunWebViewer.Result result = RerunWebViewer.open("rerun+http://127.0.0.1:" + reel.httpPort()
                    + "/dataset/" + dataset + "?segment_id=episode-7", List.of("frame"));
            assertThat(result.errors()).isEmpty();
            assertThat(result.recordingOpens()).anySatisfy(event -> {
                assertThat(event.get("application_id")).isEqualTo(dataset);
                assertThat(event.get("recording_id")).isEqualTo("episode-7");
            });
            assertThat(result.ranges().get("episode-7").get("frame"))
                    .isEqualTo(new RerunWebViewer.TimeRange(0, 179));
        }
    }

    /**
     * Dataset {@code runs}: segment {@code episode-7} of two layers (frames 0-99 in {@code base}, 100-179 in
     * {@code annotations}) and a default blueprint; returns the dataset's entry id.
     */
    private String datasetOfTwoLayers(String base, Path root) throws Exception {
        write(root.resolve("robot.rrd"), 0, 100, false);
        write(root.resolve("annotations.rrd"), 100, 180, true);
        JsonObject dataset = new JsonObject(post(base + "/api/datasets", "{\"name\": \"runs\"}").body());
        assertThat(post(base + "/api/datasets/runs/register", new JsonObject()
                .put("uris", new JsonArray().add(root.resolve("robot.rrd").toString())).encode()).statusCode())
                .isEqualTo(200);
        assertThat(post(base + "/api/datasets/runs/register", new JsonObject()
                .put("uris", new JsonArray().add(root.resolve("annotations.rrd").toString()))
                .put("layer", "annotations").encode()).statusCode()).isEqualTo(200);
        assertThat(post(base + "/api/datasets/runs/blueprint", new JsonObject()
                .put("uri", root.resolve("annotations.rrd").toString()).encode()).statusCode()).isEqualTo(200);
        return dataset.getString("id");
    }

    /** Frames {@code from} to {@code to - 1} of recording {@code episode-7}, and a blueprint when asked. */
    private static void write(Path file, int from, int to, boolean blueprint) throws Exception {
        try (RecordingStream rec = RecordingStream.builder("robot_fleet").recordingId("episode-7").logTime(false)
                .batching(new BatcherConfig(32, 1 << 20, Duration.ZERO)).saveTo(file)) {
            rec.logStatic("about", TextDocument.of("frames " + from + " to " + (to - 1)));
            for (int frame = from; frame < to; frame++) {
                rec.setTime("frame", frame);
                rec.log("speed", Scalars.of(Math.sin(frame / 10.0)));
            }
            if (blueprint) {
                rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.EXPANDED), true, true);
            }
        }
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
