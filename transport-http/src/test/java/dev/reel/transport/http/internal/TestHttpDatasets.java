package dev.reel.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreKind;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.api.spi.TransportContext;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogConfig;
import dev.reel.catalog.local.Catalogs;
import dev.reel.rrd.RrdReader;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextLog;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.Await;
import dev.reel.testing.LeakCheckingAllocator;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog routes under {@code /api/datasets} (ARCHITECTURE "HTTP shapes") on a real server on loopback, over a
 * real catalog (embedded H2 in a temporary folder), with the JDK's HTTP client.
 */
class TestHttpDatasets {
    private static final String ARROW = "application/vnd.apache.arrow.stream";

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path data;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Await.TIMEOUT).build();
    private Vertx vertx;
    private StoreHub hub;
    private Catalog catalog;
    private HttpTransport transport;
    private int port;

    @BeforeEach
    void startServer() throws IOException {
        Files.createDirectories(data.resolve("recordings"));
        vertx = Vertx.vertx();
        hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator());
        catalog = Catalogs.open(CatalogConfig.embedded(data).withAllowedRoots(List.of(data.resolve("recordings"))),
                arrow.allocator());
        transport = HttpTransports.of(hub, List::of, Optional.of(catalog), arrow.allocator());
        port = Await.result(transport.start(new TransportContext(vertx, "127.0.0.1", 0, Map.of()))).port();
    }

    @AfterEach
    void stopServer() {
        try {
            Await.result(transport.stop());
            Await.result(vertx.close());
        } finally {
            catalog.close();
            hub.close();
        }
    }

    @Test
    void datasetsAreCreatedListedRenamedAndDeleted() throws Exception {
        HttpResponse<String> created = send("POST", "/api/datasets", "{\"name\": \"robots\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("location")).hasValue("/api/datasets/robots");
        JsonObject entry = new JsonObject(created.body());
        assertThat(entry.fieldNames()).contains("id", "name", "kind", "created_at", "updated_at");
        assertThat(entry.getString("kind")).isEqualTo("dataset");

        assertError(send("POST", "/api/datasets", "{\"name\": \"robots\"}"), 409, "already-exists");
        assertError(send("POST", "/api/datasets", "{\"title\": \"robots\"}"), 400, "bad-request");
        assertError(send("POST", "/api/datasets", "not json"), 400, "bad-request");
        // the hidden blueprint dataset is not listed
        assertThat(new JsonArray(send("GET", "/api/datasets", null).body())).containsExactly(entry);

        JsonObject renamed = new JsonObject(send("PATCH", "/api/datasets/robots", "{\"name\": \"arms\"}").body());
        assertThat(renamed.getString("id")).isEqualTo(entry.getString("id"));
        assertThat(send("GET", "/api/datasets/arms", null).statusCode()).isEqualTo(200);
        assertError(send("GET", "/api/datasets/robots", null), 404, "not-found");

        // every kind under /api/entries, the catalog's own only when asked; one by id
        assertThat(new JsonArray(send("GET", "/api/entries", null).body())).containsExactly(renamed);
        assertThat(new JsonArray(send("GET", "/api/entries?hidden=true&kind=blueprint_dataset", null).body()))
                .singleElement().satisfies(e -> assertThat(((JsonObject) e).getString("name")).startsWith("__bp_"));
        assertThat(new JsonObject(send("GET", "/api/entries/" + entry.getString("id"), null).body()))
                .isEqualTo(renamed);
        assertError(send("GET", "/api/entries?kind=potato", null), 400, "bad-request");

        assertThat(send("DELETE", "/api/datasets/arms", null).statusCode()).isEqualTo(204);
        assertThat(new JsonArray(send("GET", "/api/datasets", null).body())).isEmpty();
    }

    @Test
    void registerAnswersRerunsRowsAndA409ForADuplicate() throws Exception {
        createDataset("d");
        Path file = recording("run-1.rrd", "run-1", 10);
        HttpResponse<String> response = send("POST", "/api/datasets/d/register",
                new JsonObject().put("uris", new JsonArray().add(file.toUri().toString())).encode());
        assertThat(response.statusCode()).isEqualTo(200);
        // A.7
        assertThat(new JsonArray(response.body())).containsExactly(new JsonObject()
                .put("rerun_segment_id", "run-1")
                .put("rerun_segment_layer", "base")
                .put("rerun_segment_type", "rrd")
                .put("rerun_storage_url", file.toRealPath().toUri().toString())
                .put("rerun_task_id", "task_00000000DEADBEEF")
                .put("status", "registered"));

        String again = new JsonObject().put("uris", new JsonArray().add(file.toString())).encode();
        assertError(send("POST", "/api/datasets/d/register", again), 409, "already-exists");
        JsonObject skipped = new JsonArray(send("POST", "/api/datasets/d/register",
                new JsonObject(again).put("on_duplicate", "skip").encode()).body()).getJsonObject(0);
        assertThat(skipped.getString("status")).isEqualTo("skipped");
        assertError(send("POST", "/api/datasets/d/register", new JsonObject(again).put("on_duplicate", "maybe")
                .encode()), 400, "bad-request");

        Path outside = Files.createTempFile("outside", ".rrd");
        try {
            HttpResponse<String> refused = send("POST", "/api/datasets/d/register",
                    new JsonObject().put("uris", new JsonArray().add(outside.toString())).encode());
            assertError(refused, 403, "forbidden");
            assertThat(refused.body()).contains("--allowed-roots");
        } finally {
            Files.delete(outside);
        }
        assertError(send("POST", "/api/datasets/nothing/register", again), 404, "not-found");
    }

    @Test
    void aPrefixRegistrationStreamsProgressAsNdjson() throws Exception {
        createDataset("d");
        for (int i = 0; i < 3; i++) {
            recording("day/e" + i + ".rrd", "e" + i, 2);
        }
        HttpRequest request = request("POST", "/api/datasets/d/register", new JsonObject()
                .put("uris", new JsonArray().add(data.resolve("recordings/day").toString()))
                .put("prefix", true).encode()).header("accept", "application/x-ndjson").build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("content-type")).hasValue("application/x-ndjson");
        List<JsonObject> lines = response.body().lines().map(JsonObject::new).toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 3)).allSatisfy(line -> assertThat(line.fieldNames()).containsExactly("progress"));
        assertThat(lines.get(3).getJsonArray("rows")).hasSize(3);

        // a failure of the whole request is the last line
        HttpResponse<String> duplicate = client.send(request, HttpResponse.BodyHandlers.ofString());
        List<JsonObject> failed = duplicate.body().lines().map(JsonObject::new).toList();
        assertThat(failed.get(failed.size() - 1).getJsonObject("error").getString("code")).isEqualTo("already-exists");
    }

    @Test
    void theSegmentTableAndManifestComeAsJsonOrArrow() throws Exception {
        createDataset("d");
        register("d", recording("a.rrd", "a", 10), "base");
        register("d", recording("b.rrd", "b", 5), "base");
        JsonArray segments = new JsonArray(send("GET", "/api/datasets/d/segments", null).body());
        assertThat(segments).hasSize(2);
        JsonObject first = segments.getJsonObject(0);
        // A.5, as JSON: timestamps as ISO-8601, lists as arrays
        assertThat(first.getString("rerun_segment_id")).isEqualTo("a");
        assertThat(first.getJsonArray("rerun_layer_names")).containsExactly("base");
        assertThat(first.getString("rerun_last_updated_at")).endsWith("Z");
        assertThat(first.getLong("frame:end")).isEqualTo(9);

        HttpResponse<byte[]> table = sendBytes("GET", "/api/datasets/d/segments", null, ARROW);
        assertThat(table.headers().firstValue("content-type")).hasValue(ARROW);
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(table.body()),
                arrow.allocator())) {
            assertThat(reader.loadNextBatch()).isTrue();
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(root.getRowCount()).isEqualTo(2);
            assertThat(root.getSchema().getFields()).extracting(Field::getName).startsWith("rerun_segment_id",
                    "rerun_layer_names", "rerun_storage_urls", "rerun_last_updated_at");
        }
        JsonArray manifest = new JsonArray(send("GET", "/api/datasets/d/manifest", null).body());
        assertThat(manifest).hasSize(2);
        assertThat(manifest.getJsonObject(0).getString("rerun_schema_sha256")).hasSize(64);

        JsonObject schema = new JsonObject(send("GET", "/api/datasets/d/schema", null).body());
        assertThat(schema.getJsonArray("fields")).map(f -> ((JsonObject) f).getString("name"))
                .contains("frame", "/value:Scalars:scalars");
    }

    @Test
    void aQueryGivesChunkKeysThatFetchTurnsIntoChunks() throws Exception {
        createDataset("d");
        register("d", recording("a.rrd", "a", 40), "base");
        JsonArray chunks = new JsonArray(send("POST", "/api/datasets/d/query", new JsonObject()
                .put("entities", new JsonArray().add("/value"))
                .put("range", new JsonObject().put("timeline", "frame").put("min", 0).put("max", 9)).encode()).body());
        assertThat(chunks).hasSize(2);
        JsonArray keys = new JsonArray();
        chunks.forEach(c -> keys.add(((JsonObject) c).getString("chunk_key")));
        HttpResponse<byte[]> fetched = sendBytes("POST", "/api/datasets/d/fetch",
                new JsonObject().put("chunk_keys", keys).encode(), null);
        assertThat(fetched.statusCode()).isEqualTo(200);
        List<LogMsg> messages = decode(fetched.body());
        assertThat(messages).hasSize(2).allSatisfy(m -> assertThat(m).isInstanceOf(ArrowMsg.class));
        assertThat(messages).extracting(m -> ((ArrowMsg) m).chunk().id().tuid().toString().toLowerCase())
                .containsExactly(chunks.getJsonObject(0).getString("chunk_id"),
                        chunks.getJsonObject(1).getString("chunk_id"));

        assertError(send("POST", "/api/datasets/d/fetch", "{\"chunk_keys\": []}"), 400, "bad-request");
        assertError(send("POST", "/api/datasets/d/query", "{\"range\": {\"timeline\": \"frame\", \"min\": 1}}"),
                400, "bad-request");
    }

    @Test
    void aDataframeQueryGivesRowsPerSegment() throws Exception {
        createDataset("d");
        register("d", recording("a.rrd", "a", 4), "base");
        register("d", recording("b.rrd", "b", 3), "base");
        String query = new JsonObject().put("dataframe", true).put("index", "frame")
                .put("columns", new JsonArray().add("/value:Scalars:scalars")).encode();
        JsonArray rows = new JsonArray(send("POST", "/api/datasets/d/query", query).body());
        assertThat(rows).hasSize(7);
        assertThat(rows.getJsonObject(0).getString("rerun_segment_id")).isEqualTo("a");
        assertThat(rows.getJsonObject(6).getString("rerun_segment_id")).isEqualTo("b");
        assertThat(rows.getJsonObject(6).getLong("frame")).isEqualTo(2);
        assertThat(rows.getJsonObject(6).getJsonArray("/value:Scalars:scalars")).containsExactly(2.0);

        HttpResponse<byte[]> arrowRows = sendBytes("POST", "/api/datasets/d/query", query, ARROW);
        int total = 0;
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(arrowRows.body()),
                arrow.allocator())) {
            while (reader.loadNextBatch()) {
                total += reader.getVectorSchemaRoot().getRowCount();
            }
        }
        assertThat(total).isEqualTo(7);
        assertError(send("POST", "/api/datasets/d/query", "{\"dataframe\": true, \"index\": \"nope\"}"), 400,
                "bad-request");
    }

    @Test
    void aSegmentDownloadsAsOneRrdWithTheDatasetsBlueprint() throws Exception {
        JsonObject dataset = createDataset("d");
        register("d", recording("base.rrd", "seg", 6), "base");
        register("d", recording("extra.rrd", "seg", 9), "extra");
        HttpResponse<String> blueprint = sendBytesBody("/api/datasets/d/blueprint", blueprintStream());
        assertThat(blueprint.statusCode()).isEqualTo(200);
        String blueprintId = new JsonObject(blueprint.body()).getString("rerun_segment_id");
        assertThat(new JsonObject(send("GET", "/api/datasets/d", null).body()).getString("default_blueprint"))
                .isEqualTo(blueprintId);

        HttpResponse<byte[]> download = sendBytes("GET", "/api/datasets/d/segments/seg.rrd", null, null);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("content-disposition")).hasValue("attachment; filename=\"seg.rrd\"");
        List<LogMsg> messages = decode(download.body());
        assertThat(messages).filteredOn(m -> m.storeId().kind() == StoreKind.RECORDING)
                .allSatisfy(m -> assertThat(m.storeId().applicationId().value())
                        .isEqualTo(dataset.getString("id")));
        assertThat(messages).filteredOn(m -> m instanceof BlueprintActivationCommand).hasSize(1);
        assertThat(messages).filteredOn(m -> m.storeId().kind() == StoreKind.BLUEPRINT).isNotEmpty();

        assertError(send("GET", "/api/datasets/d/segments/nothing.rrd", null), 404, "not-found");
        assertError(send("GET", "/api/datasets/d/segments/seg", null), 404, "not-found");
    }

    @Test
    void anUploadedRecordingIsRegisteredAndUnregisterUsesTheProductFilter() throws Exception {
        createDataset("d");
        HttpResponse<String> uploaded = sendBytesBody("/api/datasets/d/upload?layer=sent&name=sent.rrd",
                Files.readAllBytes(recording("x.rrd", "sent", 3)));
        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertThat(new JsonArray(uploaded.body()).getJsonObject(0).getString("rerun_segment_layer")).isEqualTo("sent");
        assertError(sendBytesBody("/api/datasets/nothing/upload", new byte[] {1, 2, 3}), 404, "not-found");

        assertError(send("POST", "/api/datasets/d/unregister", "{}"), 400, "bad-request");
        JsonObject removed = new JsonObject(send("POST", "/api/datasets/d/unregister",
                "{\"layers\": [\"sent\"]}").body());
        assertThat(removed.getInteger("removed")).isEqualTo(1);
        assertThat(new JsonArray(send("GET", "/api/datasets/d/segments", null).body())).isEmpty();
    }

    @Test
    void withoutACatalogTheRoutesAnswer503() throws Exception {
        HttpTransport bare = HttpTransports.of(hub, List::of, Optional.empty(), arrow.allocator());
        int barePort = Await.result(bare.start(new TransportContext(vertx, "127.0.0.1", 0, Map.of()))).port();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + barePort + "/api/datasets")).timeout(Await.TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(response, 503, "unavailable");
        } finally {
            Await.result(bare.stop());
        }
    }

    // --------------------------------------------------------------------------------------------- helpers

    private JsonObject createDataset(String name) throws Exception {
        HttpResponse<String> response = send("POST", "/api/datasets", new JsonObject().put("name", name).encode());
        assertThat(response.statusCode()).isEqualTo(201);
        return new JsonObject(response.body());
    }

    private void register(String dataset, Path file, String layer) throws Exception {
        HttpResponse<String> response = send("POST", "/api/datasets/" + dataset + "/register", new JsonObject()
                .put("uris", new JsonArray().add(file.toString())).put("layer", layer).encode());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** A recording under the allowed root: a static text and a scalar per frame, 8 rows per chunk. */
    private Path recording(String name, String recordingId, int frames) throws IOException {
        Path file = data.resolve("recordings").resolve(name);
        Files.createDirectories(file.getParent());
        try (RecordingStream rec = RecordingStream.builder("http_datasets").recordingId(recordingId).logTime(false)
                .batching(new BatcherConfig(8, 1 << 20, Duration.ZERO)).saveTo(file)) {
            rec.logStatic("about", TextLog.of(recordingId));
            for (int frame = 0; frame < frames; frame++) {
                rec.setTime("frame", frame);
                rec.log("value", Scalars.of(frame));
            }
        }
        return file;
    }

    private static byte[] blueprintStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder("http_datasets").logTime(false).to(out)) {
            rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.COLLAPSED), true, true);
        }
        return out.toByteArray();
    }

    private List<LogMsg> decode(byte[] rrd) throws IOException {
        List<LogMsg> messages = new ArrayList<>();
        RrdReader.read(new ByteArrayInputStream(rrd), "download", arrow.allocator(),
                DecodeOptions.DEFAULT, messages::add);
        messages.forEach(LogMsg::close);
        return messages;
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("code")).isEqualTo(code);
        assertThat(body.getString("message")).isNotBlank();
    }

    private HttpRequest.Builder request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Await.TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(request(method, path, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> sendBytes(String method, String path, String body, String accept) throws Exception {
        HttpRequest.Builder request = request(method, path, body);
        if (accept != null) {
            request.header("accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> sendBytesBody(String path, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Await.TIMEOUT).header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
