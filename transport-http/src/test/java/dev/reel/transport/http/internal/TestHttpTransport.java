package dev.reel.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.log.LogMsg;
import dev.reel.api.platform.ModuleInfo;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.TransportContext;
import dev.reel.rrd.RrdReader;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.StoreSummary;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.Await;
import dev.reel.testing.LeakCheckingAllocator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP API on a real server on loopback, with a real in-memory hub fed a recording logged with Reel's Java
 * API, and a fake of the framework's bundle states: health, the recordings list, deletion, and the one error
 * shape for unknown paths and methods.
 */
class TestHttpTransport {
    private static final StoreId RECORDING = StoreId.recording("http_test", "run-1");
    private static final int FRAMES = 10;

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Await.TIMEOUT).build();
    private final List<ModuleInfo> bundles = new ArrayList<>();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Vertx vertx;
    private StoreHub hub;
    private HttpTransport transport;
    private int port;

    @BeforeEach
    void startServer() {
        vertx = Vertx.vertx();
        hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator());
        transport = HttpTransports.of(hub, () -> List.copyOf(bundles), Optional.empty(), arrow.allocator(), meters);
        port = Await.result(transport.start(new TransportContext(vertx, "127.0.0.1", 0, Map.of()))).port();
    }

    @AfterEach
    void stopServer() {
        try {
            Await.result(transport.stop());
            Await.result(vertx.close());
        } finally {
            hub.close();
        }
    }

    private static ModuleInfo bundle(long id, String name, ModuleInfo.Origin origin, String state, boolean fragment,
            String... problems) {
        return new ModuleInfo(id, name, "0.1.0", origin, state, fragment,
                origin == ModuleInfo.Origin.EXTENSION ? Optional.of(name + ".jar") : Optional.empty(),
                List.of(problems));
    }

    @Test
    void healthIsUpWhenEveryBundleIsActiveOrAResolvedFragment() throws Exception {
        bundles.add(bundle(1, "dev.reel.viewer-store", ModuleInfo.Origin.PLATFORM, "ACTIVE", false));
        bundles.add(bundle(2, "dev.reel.some-fragment", ModuleInfo.Origin.PLATFORM, "RESOLVED", true));
        HttpResponse<String> response = send("GET", "/api/health");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject().put("status", "UP").put("bundles",
                new JsonArray()
                        .add(new JsonObject().put("id", 1).put("name", "dev.reel.viewer-store").put("version", "0.1.0")
                                .put("origin", "platform").put("state", "ACTIVE"))
                        .add(new JsonObject().put("id", 2).put("name", "dev.reel.some-fragment").put("version", "0.1.0")
                                .put("origin", "platform").put("state", "RESOLVED"))));
    }

    @Test
    void healthIsDownWith503WhenABundleOfThePlatformIsNotActive() throws Exception {
        bundles.add(bundle(1, "dev.reel.viewer-store", ModuleInfo.Origin.PLATFORM, "ACTIVE", false));
        bundles.add(bundle(2, "dev.reel.transport-tcp", ModuleInfo.Origin.PLATFORM, "RESOLVED", false,
                "resolved but not started"));
        HttpResponse<String> response = send("GET", "/api/health");
        assertThat(response.statusCode()).isEqualTo(503);
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("status")).isEqualTo("DOWN");
        assertThat(body.getJsonArray("bundles")).hasSize(2);
        assertThat(body.getJsonArray("bundles").getJsonObject(1).getJsonArray("problems"))
                .containsExactly("resolved but not started");
    }

    @Test
    void anExtensionThatDoesNotRunDegradesHealthWithItsReasonButLeavesItUp() throws Exception {
        bundles.add(bundle(1, "dev.reel.viewer-store", ModuleInfo.Origin.PLATFORM, "ACTIVE", false));
        bundles.add(bundle(7, "org.example.broken", ModuleInfo.Origin.EXTENSION, "INSTALLED", false,
                "needs package org.example.missing [1.0.0,2.0.0): the platform has no such package"));
        HttpResponse<String> health = send("GET", "/api/health");
        HttpResponse<String> extensions = send("GET", "/api/extensions");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("DEGRADED");
        assertThat(new JsonArray(extensions.body())).containsExactly(new JsonObject().put("id", 7)
                .put("name", "org.example.broken").put("version", "0.1.0").put("origin", "extension")
                .put("state", "INSTALLED").put("file", "org.example.broken.jar")
                .put("problems", new JsonArray().add("needs package org.example.missing [1.0.0,2.0.0): the platform "
                        + "has no such package")));
    }

    @Test
    void metricsAreThePlatformRegistryInPrometheusTextFormat() throws Exception {
        meters.counter("reel.ingest.messages", "transport", "tcp").increment(3);
        HttpResponse<String> response = send("GET", "/api/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE reel_ingest_messages_total counter")
                .contains("reel_ingest_messages_total{transport=\"tcp\"} 3.0");
    }

    @Test
    void recordingsListTheStoresOfTheHub() throws Exception {
        ingestRecording();
        HttpResponse<String> response = send("GET", "/api/recordings");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonArray recordings = new JsonArray(response.body());
        StoreSummary summary = hub.summary(RECORDING).orElseThrow();
        assertThat(recordings).contains(new JsonObject()
                .put("kind", "recording")
                .put("application_id", "http_test")
                .put("recording_id", "run-1")
                .put("sources", new JsonArray().add("test producer"))
                .put("chunks", summary.stats().chunks())
                .put("rows", FRAMES + 1)
                .put("bytes", summary.stats().bytes())
                .put("timelines", new JsonObject().put("frame", new JsonObject()
                        .put("type", "sequence").put("min", 0).put("max", FRAMES - 1)
                        .put("min_text", "0").put("max_text", String.valueOf(FRAMES - 1)))));
        assertThat(summary.stats().chunks()).isPositive();
        assertThat(summary.stats().bytes()).isPositive();
        List<String> fields = List.of("kind", "application_id", "recording_id", "sources", "chunks", "rows", "bytes",
                "timelines");
        assertThat(recordings).map(JsonObject.class::cast)
                .filteredOn(store -> store.getString("kind").equals("recording"))
                .allSatisfy(store -> assertThat(store.fieldNames()).containsExactlyInAnyOrderElementsOf(fields));
        // a blueprint also says whether it is its application's default and active one (D.2): the SDK's blueprint
        // is the default, and the viewer shows a clone of it
        List<JsonObject> blueprints = recordings.stream().map(JsonObject.class::cast)
                .filter(store -> store.getString("kind").equals("blueprint")).toList();
        assertThat(blueprints).isNotEmpty().allSatisfy(store -> assertThat(store.fieldNames())
                .containsAll(fields).contains("default", "active"));
        assertThat(blueprints).filteredOn(store -> store.getBoolean("default")).hasSize(1);
        assertThat(blueprints).filteredOn(store -> store.getBoolean("active")).hasSize(1);
    }

    @Test
    void deletingARecordingDropsItFromTheHubOnce() throws Exception {
        ingestRecording();
        HttpResponse<String> deleted = send("DELETE", "/api/recordings/http_test/run-1");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(hub.summary(RECORDING)).isEmpty();
        assertThat(new JsonArray(send("GET", "/api/recordings").body())).map(JsonObject.class::cast)
                .noneSatisfy(store -> assertThat(store.getString("kind")).isEqualTo("recording"));

        HttpResponse<String> again = send("DELETE", "/api/recordings/http_test/run-1");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(again.body())).isEqualTo(new JsonObject().put("code", "not-found")
                .put("message", "no recording http_test/run-1"));
    }

    @Test
    void pagesFromLoopbackOriginsMayReadTheApiOthersMayNot() throws Exception {
        HttpResponse<String> loopback = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/recordings")).header("origin", "http://127.0.0.1:5173").timeout(Await.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(loopback.statusCode()).isEqualTo(200);
        assertThat(loopback.headers().firstValue("access-control-allow-origin")).hasValue("http://127.0.0.1:5173");

        HttpResponse<String> elsewhere = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/recordings")).header("origin", "https://example.com").timeout(Await.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "GET, /api/nothing, 404, not-found, no resource at GET /api/nothing",
        "GET, /ui/nothing.js, 404, not-found, no resource at GET /ui/nothing.js",
        "POST, /api/health, 405, method-not-allowed, POST is not supported on /api/health",
        "PUT, /api/recordings, 405, method-not-allowed, PUT is not supported on /api/recordings",
    })
    void unknownPathsAndMethodsAnswerTheErrorShape(String method, String path, int status, String code,
            String message) throws Exception {
        HttpResponse<String> response = send(method, path);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject().put("code", code)
                .put("message", message));
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Await.TIMEOUT).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A recording as a producer logs it (a static description, a scalar per frame, a blueprint), into the hub. */
    private void ingestRecording() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(RECORDING.applicationId().value())
                .recordingId(RECORDING.recordingId().value()).logTime(false)
                .batching(new BatcherConfig(4096, 1 << 20, Duration.ZERO)).to(out)) {
            rec.logStatic("description", TextDocument.of("an HTTP test recording"));
            for (int frame = 0; frame < FRAMES; frame++) {
                rec.setTime("frame", frame);
                rec.log("value", Scalars.of(frame));
            }
            rec.flush();
            rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.COLLAPSED), true, true);
        }
        RrdReader.read(new ByteArrayInputStream(out.toByteArray()), "test producer", arrow.allocator(),
                DecodeOptions.DEFAULT, (LogMsg message) -> hub.ingest(message, "test producer"));
    }
}
