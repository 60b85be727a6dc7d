package dev.reel.transport.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.GrpcLogMsg;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdReader;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.Blueprint;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextLog;
import dev.reel.store.StoreHub;
import dev.reel.testing.Await;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recordings over HTTP on a real server on loopback, with a real hub served on the event bus as the viewer-store
 * bundle serves it: {@code .rrd} upload and download (and following), and Rerun's gRPC proxy service
 * (rerun-rrd-format.md §7.1) over native HTTP/2 with a real gRPC client.
 */
class TestHttpRecordingStreams {
    private static final String APP = "http_streams";
    private static final StoreId RUN = StoreId.recording(APP, "run-1");
    private static final String PROXY = "rerun.sdk_comms.v1alpha1.MessageProxyService/";

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Await.TIMEOUT).build();
    private RunningHttpTransport server;
    private Vertx vertx;
    private StoreHub hub;
    private int port;

    @BeforeEach
    void startServer() {
        startServer(Map.of());
    }

    private void startServer(Map<String, String> settings) {
        server = RunningHttpTransport.start(arrow.allocator(), settings);
        vertx = server.vertx();
        hub = server.hub();
        port = server.port();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A recording with a static text, {@code frames} scalars from {@code first} on, and a blueprint. */
    static byte[] recording(StoreId id, int first, int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(id.applicationId().value())
                .recordingId(id.recordingId().value()).logTime(false)
                .batching(new BatcherConfig(8, 1 << 20, Duration.ZERO)).to(out)) {
            rec.logStatic("about", TextLog.of("source from " + first));
            for (int frame = first; frame < first + frames; frame++) {
                rec.setTime("frame", frame);
                rec.log("value", Scalars.of(frame));
            }
            rec.sendBlueprint(Blueprint.empty().withTimePanel(Blueprint.PanelState.EXPANDED), true, true);
        }
        return out.toByteArray();
    }

    @Test
    void anUploadedRecordingIsStoredAndDownloadsWithItsRows() throws Exception {
        HttpResponse<String> upload = post("/api/recordings", recording(RUN, 0, 30), "application/octet-stream");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        JsonObject answer = new JsonObject(upload.body());
        assertThat(answer.getJsonArray("stores")).contains(new JsonObject().put("kind", "recording")
                .put("application_id", APP).put("recording_id", "run-1"));
        assertThat(answer.getJsonArray("stores")).anyMatch(s -> ((JsonObject) s).getString("kind").equals("blueprint"));
        // a second source with the same ids appends to the same logical recording
        assertThat(post("/api/recordings", recording(RUN, 30, 20), null).statusCode()).isEqualTo(200);
        assertThat(hub.summary(RUN).orElseThrow().stats().rows()).as("50 frames, one static text").isEqualTo(50 + 1);

        HttpResponse<byte[]> download = http.send(get("/api/recordings/" + APP + "/run-1.rrd"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("content-type")).hasValue("application/octet-stream");
        Path file = Files.write(temp.resolve("download.rrd"), download.body());
        List<LogMsg> messages = RrdReader.readAll(file, arrow.allocator());
        try {
            long rows = messages.stream().filter(m -> m instanceof ArrowMsg a && a.storeId().equals(RUN))
                    .mapToLong(m -> ((ArrowMsg) m).chunk().numRows()).sum();
            // the second source's static text replaced the first's (Rerun's static semantics): one static row
            assertThat(rows).isEqualTo(50 + 1);
            assertThat(messages).anyMatch(m -> m.storeId().isBlueprint());
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    @Test
    void aFollowedDownloadGoesOnWithWhatArrivesLater() throws Exception {
        assertThat(post("/api/recordings", recording(RUN, 0, 16), null).statusCode()).isEqualTo(200);
        HttpResponse<InputStream> follow = http.send(get("/api/recordings/" + APP + "/run-1.rrd?follow=true"),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(follow.statusCode()).isEqualTo(200);
        try (InputStream body = follow.body()) {
            StreamReader reader = new StreamReader(body);
            long history = reader.awaitRows(RUN, 16 + 1);
            assertThat(history).isEqualTo(17);
            assertThat(post("/api/recordings", recording(RUN, 16, 24), null).statusCode()).isEqualTo(200);
            assertThat(reader.awaitRows(RUN, 17 + 25)).isEqualTo(42);
        }
    }

    @Test
    void badUploadsGetTheirStatusAndTheServerGoesOn() throws Exception {
        HttpResponse<String> garbage = post("/api/recordings", "not a recording at all".getBytes(), null);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(garbage.body()).getString("code")).isEqualTo("not-an-rrd");
        byte[] whole = recording(RUN, 0, 10);
        HttpResponse<String> truncated = post("/api/recordings", java.util.Arrays.copyOf(whole, whole.length - 7),
                null);
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(truncated.body()).getString("code")).isEqualTo("truncated");
        assertThat(post("/api/recordings", new byte[0], null).statusCode()).isEqualTo(400);
        assertThat(post("/api/recordings", "{}".getBytes(), "application/json").statusCode()).isEqualTo(415);
        assertThat(http.send(get("/api/recordings/" + APP + "/missing.rrd"), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
        assertThat(http.send(get("/api/recordings/" + APP + "/run-1"), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
        assertThat(post("/api/recordings", whole, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aMessageOverTheSizeLimitIs413AndWhatCameBeforeItIsKept() throws Exception {
        stopServer();
        startServer(Map.of("max-message-bytes", "2048"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(APP).recordingId("big").logTime(false)
                .batching(new BatcherConfig(1, 1 << 20, Duration.ZERO)).to(out)) {
            rec.setTime("frame", 0);
            rec.log("value", Scalars.of(1.0));
            rec.setTime("frame", 1);
            // random letters: LZ4 cannot shrink them below the limit
            java.util.SplittableRandom random = new java.util.SplittableRandom(7);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 10_000; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            rec.log("text", TextLog.of(text.toString()));
        }
        HttpResponse<String> response = post("/api/recordings", out.toByteArray(), null);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("message-too-large");
        // the store takes what was sent before the refusal
        Await.until(() -> hub.summary(StoreId.recording(APP, "big")).map(s -> s.stats().rows() == 1).orElse(false),
                "the row sent before the refused message");
        assertThat(post("/api/recordings", recording(RUN, 0, 3), null).statusCode()).isEqualTo(200);
    }

    @Test
    void writeMessagesOverNativeGrpcLogsIntoTheStore() throws Exception {
        List<LogFrame> frames = frames(recording(RUN, 0, 40));
        GrpcTestClient client = GrpcTestClient.open(vertx);
        try {
            GrpcClientRequest<Buffer, Buffer> call = Await.result(client.grpc().request(server()));
            call.fullMethodName(PROXY + "WriteMessages");
            for (LogFrame frame : frames) {
                call.write(Buffer.buffer(GrpcLogMsg.wrap(frame)));
            }
            call.end();
            GrpcClientResponse<Buffer, Buffer> response = Await.result(call.response());
            Await.result(response.end());
            assertThat(response.status()).isEqualTo(GrpcStatus.OK);
            assertThat(hub.summary(RUN).orElseThrow().stats().rows()).isEqualTo(41);
        } finally {
            client.close();
        }
    }

    @Test
    void readMessagesOverNativeGrpcGivesTheHistoryThenLiveMessages() throws Exception {
        assertThat(post("/api/recordings", recording(RUN, 0, 16), null).statusCode()).isEqualTo(200);
        GrpcTestClient client = GrpcTestClient.open(vertx);
        try {
            GrpcClientRequest<Buffer, Buffer> call = Await.result(client.grpc().request(server()));
            call.fullMethodName(PROXY + "ReadMessages");
            List<RrdFrame> received = new CopyOnWriteArrayList<>();
            // the handler is set on the event loop as the response arrives: no message can come before it
            var responded = call.response().onSuccess(response -> response.handler(message -> {
                try {
                    received.add(GrpcLogMsg.unwrap(message.getBytes(), "test", received.size()));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }));
            call.end(Buffer.buffer());
            Await.result(responded);
            StoreAttribution attribution = new StoreAttribution("test");
            Await.until(() -> rows(received, RUN) == 17, "the history over gRPC");
            // the store infos and blueprint come first (Rerun's order)
            assertThat(received.get(0).kind()).isEqualTo(1);
            assertThat(post("/api/recordings", recording(RUN, 16, 8), null).statusCode()).isEqualTo(200);
            Await.until(() -> rows(received, RUN) == 17 + 9, "live messages over gRPC");
            assertThat(attribution.dropped()).isZero();
        } finally {
            client.close();
        }
    }

    @Test
    void aCallReelDoesNotServeIsUnimplemented() throws Exception {
        GrpcTestClient client = GrpcTestClient.open(vertx);
        try {
            GrpcClientRequest<Buffer, Buffer> call = Await.result(client.grpc().request(server()));
            call.fullMethodName(PROXY + "WriteTable");
            call.end(Buffer.buffer());
            GrpcClientResponse<Buffer, Buffer> response = Await.result(call.response());
            Await.result(response.end().recover(e -> io.vertx.core.Future.succeededFuture()));
            assertThat(response.status()).isEqualTo(GrpcStatus.UNIMPLEMENTED);
            assertThat(response.statusMessage()).contains("WriteTable");
        } finally {
            client.close();
        }
    }

    private SocketAddress server() {
        return SocketAddress.inetSocketAddress(port, "127.0.0.1");
    }

    /** Rows of ARROW messages of a store among frames read back. */
    static long rows(List<RrdFrame> frames, StoreId store) {
        StoreAttribution attribution = new StoreAttribution("count");
        RrdCodec codec = new RrdCodec();
        long rows = 0;
        try (var allocator = new org.apache.arrow.memory.RootAllocator()) {
            for (RrdFrame frame : List.copyOf(frames)) {
                Optional<LogFrame> attributed = attribution.attribute(frame);
                if (attributed.isPresent() && attributed.get().storeId().equals(store)
                        && attributed.get().kind() == dev.reel.api.log.MessageKind.ARROW_MSG) {
                    try (LogMsg message = codec.decode(attributed.get(), allocator)) {
                        rows += ((ArrowMsg) message).chunk().numRows();
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return rows;
    }

    static List<LogFrame> frames(byte[] stream) throws IOException {
        List<RrdFrame> frames = new ArrayList<>();
        RrdStreamDecoder decoder = new RrdStreamDecoder("test", 1 << 24);
        decoder.push(ByteBuffer.wrap(stream), frames::add);
        decoder.finish(frames::add);
        StoreAttribution attribution = new StoreAttribution("test");
        List<LogFrame> attributed = new ArrayList<>();
        for (RrdFrame frame : frames) {
            if (frame.kind() != RrdFrame.END) {
                attribution.attribute(frame).ifPresent(attributed::add);
            }
        }
        return attributed;
    }

    /** Reads an {@code .rrd} response as it arrives, on a thread of its own. */
    private static final class StreamReader {
        private final List<RrdFrame> frames = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> done;

        StreamReader(InputStream in) {
            RrdStreamDecoder decoder = new RrdStreamDecoder("follow", 1 << 24);
            done = CompletableFuture.runAsync(() -> {
                byte[] buffer = new byte[1 << 16];
                try {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        decoder.push(ByteBuffer.wrap(buffer, 0, n), frames::add);
                    }
                } catch (IOException e) {
                    // the test closed the stream
                }
            });
        }

        long awaitRows(StoreId store, long rows) {
            Await.until(() -> rows(frames, store) >= rows || done.isDone(), "rows of " + store);
            return rows(frames, store);
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Await.TIMEOUT).build();
    }

    private HttpResponse<String> post(String path, byte[] body, String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Await.TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("content-type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
