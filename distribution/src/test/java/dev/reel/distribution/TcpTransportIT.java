package dev.reel.distribution;

import static dev.reel.distribution.StreamContents.fingerprints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.ArrowMsg;
import dev.reel.distribution.StreamContents.TemporalRows;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.DecodeOptions;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdReader;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.EncodedImage;
import dev.reel.rrd.sdk.Points3D;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.transport.tcp.RrdTcpClient;
import dev.reel.transport.tcp.RrdTcpSink;
import dev.reel.testing.LegacyFraming;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw TCP port of a real runtime on loopback: many concurrent producers pool into recordings, a subscriber
 * joining midway gets exactly the union of what was sent, a producer killed mid-message loses nothing it fully
 * sent, garbage closes only its own connection, a slow subscriber is dropped, and {@code --save} records all.
 */
class TcpTransportIT {
    private static final int PRODUCERS = 32;
    private static final int FRAMES = 40;
    /** Rows of the recording in wild/v0.24.1_unit-compose_navigation-astar.rrd, as its chunks hold them. */
    private static final long NAVIGATION_RECORDING_ROWS = 22_851;

    @TempDir
    Path temp;

    /** An .rrd stream as a producer would send it. */
    private static byte[] recording(String application, String recording, int seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).recordingId(recording).logTime(false)
                .batching(new BatcherConfig(8, 1 << 20, Duration.ZERO)).to(out)) {
            rec.logStatic("producer", TextDocument.of("producer " + seed));
            for (int frame = 0; frame < FRAMES; frame++) {
                rec.setTime("frame", frame);
                rec.log("producer/value", Scalars.of(seed * 1000 + frame));
                rec.log("producer/points", Points3D.of(seed, frame, 0));
            }
        }
        return out.toByteArray();
    }

    /** Sends a stream in small pieces, half-closes, and returns the server's answer line. */
    private static String sendSlowly(byte[] stream, int port) throws IOException, InterruptedException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < stream.length; i += 997) {
                out.write(stream, i, Math.min(997, stream.length - i));
                out.flush();
                Thread.sleep(1);
            }
            socket.shutdownOutput();
            return answer(socket);
        }
    }

    /** Sends a stream at once, half-closes, and returns the server's answer line. */
    private static String send(byte[] stream, int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(stream);
            socket.shutdownOutput();
            return answer(socket);
        }
    }

    /** Everything the server writes until it closes: one answer line, as {@code nc} would print it. */
    private static String answer(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        String text = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).as("one line").endsWith("\n").doesNotContain("\n\n");
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        return text.trim();
    }

    /** The line a stream of {@code messages} complete messages and {@code bytes} bytes is answered with. */
    private static String ok(byte[] stream) throws IOException {
        return "OK " + fingerprints(stream).size() + " " + stream.length;
    }


    @Test
    void concurrentProducersPoolAndAMidwaySubscriberGetsExactlyTheUnion() throws Exception {
        Path saved = temp.resolve("saved.rrd");
        try (RunningReel reel = RunningReel.start(temp, Map.of("reel.save", saved.toString()));
                RootAllocator allocator = new RootAllocator()) {
            List<byte[]> streams = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            TemporalRows expectedRows = new TemporalRows(allocator);
            for (int p = 0; p < PRODUCERS; p++) {
                // producers 0 and 1 share one recording: same application id and recording id
                String recording = p <= 1 ? "shared" : "producer-" + p;
                byte[] stream = recording("tcp_it", recording, p);
                streams.add(stream);
                expected.addAll(fingerprints(stream));
                expectedRows.push(stream, stream.length);
            }
            ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
            try {
                List<Future<?>> sending = new ArrayList<>();
                for (byte[] stream : streams) {
                    sending.add(pool.submit(() -> {
                        assertThat(sendSlowly(stream, reel.tcpPort())).isEqualTo(ok(stream));
                        return null;
                    }));
                }
                Thread.sleep(300); // join midway: part of it is history, compacted by the store, the rest live
                TemporalRows received = new TemporalRows(allocator);
                try (Socket subscriber = RrdTcpClient.subscribe("127.0.0.1", reel.tcpPort(), null, null)) {
                    subscriber.setSoTimeout(60_000);
                    InputStream in = subscriber.getInputStream();
                    byte[] buffer = new byte[1 << 16];
                    while (received.rows().size() < expectedRows.rows().size()) {
                        int n = in.read(buffer);
                        assertThat(n).as("the subscriber stream ended early").isPositive();
                        received.push(buffer, n);
                    }
                }
                for (Future<?> future : sending) {
                    future.get(60, TimeUnit.SECONDS);
                }
                assertThat(received.rows()).as("every row exactly once").doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(expectedRows.rows());
            } finally {
                pool.shutdownNow();
            }

            RunningReel.await("all data stored", () -> totalRows(reel) == PRODUCERS * (2L * FRAMES + 1) - 1);
            JsonArray recordings = reel.recordings();
            assertThat(recordings).hasSize(PRODUCERS - 1);
            JsonObject shared = recordings.stream().map(o -> (JsonObject) o)
                    .filter(r -> r.getString("recording_id").equals("shared")).findFirst().orElseThrow();
            assertThat(shared.getJsonArray("sources")).hasSize(2);
            assertThat(shared.getJsonObject("timelines").getJsonObject("frame").getLong("max")).isEqualTo(FRAMES - 1);
            assertThat(reel.stop()).as("Arrow bytes leaked").isZero();
            assertThat(fingerprints(Files.readAllBytes(saved))).as("--save recorded everything as received")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aLateSubscriberGetsTheRecordingCompactedWithItsBlueprintActivated() throws Exception {
        try (RunningReel reel = RunningReel.start(temp, Map.of()); RootAllocator allocator = new RootAllocator()) {
            byte[] stream = JournalIT.recording("late_subscriber", "r", 200, true);
            assertThat(sendSlowly(stream, reel.tcpPort())).isEqualTo(ok(stream));
            TemporalRows sent = new TemporalRows(allocator);
            sent.push(stream, stream.length);
            List<LogMsg> history = new ArrayList<>();
            try (Socket subscriber = RrdTcpClient.subscribe("127.0.0.1", reel.tcpPort(), "late_subscriber", "r")) {
                subscriber.setSoTimeout(2_000);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try {
                    subscriber.getInputStream().transferTo(bytes);
                } catch (SocketTimeoutException e) {
                    // the history is written; the live stream stays open
                }
                RrdReader.read(new ByteArrayInputStream(bytes.toByteArray()), "history", allocator,
                        DecodeOptions.DEFAULT, history::add);
                TemporalRows received = new TemporalRows(allocator);
                received.push(bytes.toByteArray(), bytes.size());
                assertThat(received.rows()).containsExactlyInAnyOrderElementsOf(sent.rows());
            }
            try {
                List<String> kinds = history.stream().map(m -> m.kind() + " " + m.storeId().kind()).toList();
                assertThat(kinds.get(0)).as("store infos first").startsWith("SET_STORE_INFO");
                int activation = kinds.indexOf("BLUEPRINT_ACTIVATION_COMMAND blueprint");
                assertThat(activation).as("the blueprint is activated before the recording's data").isPositive()
                        .isLessThan(kinds.indexOf("ARROW_MSG recording"));
                var command = (dev.reel.api.log.BlueprintActivationCommand) history.get(activation);
                assertThat(command.makeActive()).isTrue();
                assertThat(command.makeDefault()).isTrue();
                long chunks = history.stream().filter(m -> m instanceof ArrowMsg && !m.storeId().isBlueprint())
                        .count();
                long sentChunks = fingerprints(stream).stream().filter(f -> f.startsWith("2:")).count();
                assertThat(chunks).as("compacted: fewer chunks than were sent").isLessThan(sentChunks);
            } finally {
                history.forEach(LogMsg::close);
            }
        }
    }

    /** Rows in the store; the shared recording holds its static row once (the later one shadows the other). */
    private static long totalRows(RunningReel reel) {
        try {
            return reel.recordings().stream().mapToLong(r -> ((JsonObject) r).getLong("rows")).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long rowsOf(RunningReel reel, String application) {
        try {
            return reel.recordings().stream().map(r -> (JsonObject) r)
                    .filter(r -> r.getString("application_id").equals(application))
                    .mapToLong(r -> r.getLong("rows")).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void recordingEventsAnnounceOpenedAndGrew() throws Exception {
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            List<JsonObject> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            reel.runtime().vertx().eventBus().<JsonObject>consumer(dev.reel.api.bus.ReelAddresses.RECORDING_EVENTS,
                    message -> events.add(message.body())).completion().toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertThat(sendSlowly(recording("events", "watched", 9), reel.tcpPort())).startsWith("OK ");
            RunningReel.await("opened and grew", () -> events.stream().anyMatch(e -> "opened".equals(e.getString("event")))
                    && events.stream().anyMatch(e -> "grew".equals(e.getString("event"))
                            && e.getLong("rows", 0L) == 2L * FRAMES + 1));
            assertThat(events.get(0).getString("application_id")).isEqualTo("events");
            assertThat(events.get(0).getString("recording_id")).isEqualTo("watched");
        }
    }

    @Test
    void metricsCountWhatTcpBroughtInAndTheRequestsThatReadIt() throws Exception {
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            byte[] stream = recording("metered", "scraped", 5);
            assertThat(send(stream, reel.tcpPort())).startsWith("OK ");
            RunningReel.await("stored", () -> totalRows(reel) > 0);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI base = java.net.URI.create("http://127.0.0.1:" + reel.httpPort());
            http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/recordings")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            java.net.http.HttpResponse<String> scrape = http.send(
                    java.net.http.HttpRequest.newBuilder(base.resolve("/api/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).isEqualTo(200);
            Map<String, Double> samples = new java.util.HashMap<>();
            scrape.body().lines().filter(line -> !line.startsWith("#")).forEach(line -> {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            });
            long frames = frameCount(stream);
            assertThat(samples).containsEntry("reel_ingest_messages_total{transport=\"tcp\"}", (double) frames)
                    .containsEntry("reel_ingest_refused_total{transport=\"tcp\"}", 0.0)
                    .containsEntry("reel_store_stores{kind=\"recording\"}", 1.0)
                    .containsEntry("reel_catalog_datasets", 0.0);
            assertThat(samples.get("reel_ingest_bytes_total{transport=\"tcp\"}")).isPositive()
                    .isLessThan(stream.length);
            assertThat(samples.get("reel_store_memory_used_bytes")).isPositive();
            assertThat(samples.get("process_resident_memory_bytes")).isGreaterThan(10e6);
            assertThat(samples.keySet()).anyMatch(name -> name.startsWith("vertx_http_server_requests_total{")
                    && name.contains("route=\"/api/recordings\"") && name.contains("code=\"200\""));
            assertThat(samples.keySet()).anyMatch(name -> name.startsWith("vertx_net_server_bytes_read_total"));
        }
    }

    private static long frameCount(byte[] stream) throws IOException {
        return fingerprints(stream).size();
    }

    @Test
    void reelSendConvertsAFileOfAnExtensionsFormatAsItSendsIt() throws Exception {
        // the CSV importer example is on the test class path, as extensions/*.jar is on the file tools'
        Path csv = temp.resolve("arm.csv");
        Files.writeString(csv, "# application_id: sent_csv\ntime,arm/joint\n0,0.5\n1,0.75\n");
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cli = Reel.commandLine().setOut(new java.io.PrintWriter(out))
                    .setErr(new java.io.PrintWriter(err));
            int exit = cli.execute("send", "--to", "127.0.0.1:" + reel.tcpPort(), csv.toString());
            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).startsWith("sent " + csv + " to ");
            RunningReel.await("the recording", () -> storedRows(reel).getOrDefault("recording:sent_csv/arm", 0L) == 2);
        }
    }

    @Test
    void aProducerKilledMidMessageLosesNothingItFullySent() throws Exception {
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            byte[] stream = recording("killed", "mid-message", 7);
            List<RrdFrame> frames = new ArrayList<>();
            new RrdStreamDecoder("frames", Integer.MAX_VALUE).push(ByteBuffer.wrap(stream), frames::add);
            RrdFrame cutInside = frames.get(frames.size() / 2);
            int cut = (int) cutInside.offset() + RrdFrame.HEADER_SIZE + cutInside.payload().length / 2;
            long expectedRows = 0;
            try (RootAllocator allocator = new RootAllocator()) {
                List<LogMsg> complete = new ArrayList<>();
                try {
                    RrdReader.read(new ByteArrayInputStream(stream, 0, (int) cutInside.offset()), "prefix",
                            allocator, DecodeOptions.DEFAULT, complete::add);
                    expectedRows = complete.stream().filter(m -> m instanceof ArrowMsg)
                            .mapToLong(m -> ((ArrowMsg) m).chunk().numRows()).sum();
                } finally {
                    complete.forEach(LogMsg::close);
                }
            }
            try (Socket socket = new Socket("127.0.0.1", reel.tcpPort())) {
                socket.getOutputStream().write(stream, 0, cut);
                socket.getOutputStream().flush();
                Thread.sleep(200);
                socket.setSoLinger(true, 0); // abrupt: a reset, not a clean end
            }
            long rows = expectedRows;
            RunningReel.await("the fully sent messages are stored", () -> totalRows(reel) == rows);
            assertThat(reel.get("/api/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badInputIsAnsweredWithItsKindAndOffsetAndClosesOnlyItsOwnConnection() throws Exception {
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            byte[] garbage = new byte[8192];
            new Random(3).nextBytes(garbage);
            assertThat(send(garbage, reel.tcpPort())).startsWith("ERROR not-an-rrd: at byte 0: expected the RRF2");
            assertClosedByServer(reel.tcpPort(), "SUBSCRIBE to everything please\n".getBytes());
            byte[] hostileLength = Arrays.copyOf(recording("hostile", "h", 1), 12 + 16);
            ByteBuffer.wrap(hostileLength).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(12 + 8, 1L << 40);
            assertThat(send(hostileLength, reel.tcpPort())).startsWith("ERROR message-too-large: at byte 12: ");

            // well framed, but the Arrow data of one message is corrupt: the store refuses it
            byte[] corrupt = recording("corrupt", "lz4", 4);
            List<RrdFrame> frames = new ArrayList<>();
            new RrdStreamDecoder("frames", Integer.MAX_VALUE).push(ByteBuffer.wrap(corrupt), frames::add);
            RrdFrame victim = frames.stream().filter(f -> f.kind() == 2).skip(2).findFirst().orElseThrow();
            // 0xFF bytes in the middle of the LZ4 block read as endless literal runs: it cannot decompress
            int inside = (int) victim.offset() + RrdFrame.HEADER_SIZE + victim.payload().length / 2;
            Arrays.fill(corrupt, inside, inside + 32, (byte) 0xFF);
            assertThat(send(corrupt, reel.tcpPort())).startsWith("ERROR bad-lz4: at byte " + victim.offset() + ": ");

            // cut inside a message: everything before it is stored and the producer is told where it ended
            byte[] cut = recording("cut", "short", 5);
            RrdFrame last = frames.get(frames.size() - 1);
            byte[] truncated = Arrays.copyOf(cut, cut.length - 3);
            assertThat(send(truncated, reel.tcpPort())).startsWith("ERROR truncated: at byte ");

            assertThat(sendSlowly(recording("after_garbage", "fine", 2), reel.tcpPort())).startsWith("OK ");
            RunningReel.await("a good producer still gets in", () -> rowsOf(reel, "after_garbage") == 2L * FRAMES + 1);
            assertThat(reel.recordings().stream().map(r -> ((JsonObject) r).getString("application_id")))
                    .as("a stream refused at its first message leaves no recording").doesNotContain("hostile");
        }
    }

    @Test
    void aStreamInRerun024FramingPoolsWithEveryRow() throws Exception {
        // the application id only in the store info, as rerun-rrd-format.md §3 describes 0.24-era streams
        byte[] current = recording("legacy_framing", "old", 11);
        byte[] legacy = LegacyFraming.of(current);
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            assertThat(sendSlowly(legacy, reel.tcpPort())).isEqualTo(ok(legacy));
            RunningReel.await("every row stored", () -> rowsOf(reel, "legacy_framing") == 2L * FRAMES + 1);
            Path file = temp.resolve("legacy.rrd");
            Files.write(file, legacy);
            assertThat(storedRows(reel)).containsAllEntriesOf(WildFixtures.rowsPerStore(List.of(file)));
        }
    }

    @Test
    void everyWildRerunFilePoolsOverTcpAsItDecodesFromTheFile() throws Exception {
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            for (WildFixtures.Expected file : WildFixtures.all()) {
                byte[] bytes = Files.readAllBytes(file.path());
                String answer = send(bytes, reel.tcpPort());
                if (file.refusedAs() != null) {
                    assertThat(answer).as(file.name()).startsWith("ERROR " + file.refusedAs() + ": at byte ");
                } else {
                    assertThat(answer).as(file.name()).isEqualTo(ok(bytes));
                }
            }
            Map<String, Long> expected = WildFixtures.rowsPerStore(WildFixtures.all().stream()
                    .map(WildFixtures.Expected::path).toList());
            try {
                RunningReel.await("every wild file stored", () -> storedRows(reel).entrySet()
                        .containsAll(expected.entrySet()));
            } finally {
                assertThat(storedRows(reel)).containsAllEntriesOf(expected);
            }
            // the 0.24.1 Rust SDK file: a recording and a blueprint whose chunks name no application
            assertThat(storedRows(reel)).containsEntry("recording:unit-compose-navigation/"
                    + "3b787ff10fc24f3a923bdceb687067c7", NAVIGATION_RECORDING_ROWS);
            assertThat(storedRows(reel)).containsKey("blueprint:unit-compose-navigation/"
                    + "unit-compose-navigation-blueprint-v1");
        }
    }

    /** Rows per store as {@code /api/recordings} reports them, keyed {@code kind:app/recording}. */
    private static Map<String, Long> storedRows(RunningReel reel) {
        try {
            Map<String, Long> rows = new java.util.TreeMap<>();
            reel.recordings().stream().map(r -> (JsonObject) r).forEach(r -> rows.put(r.getString("kind") + ":"
                    + r.getString("application_id") + "/" + r.getString("recording_id"), r.getLong("rows")));
            return rows;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static void assertClosedByServer(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            try {
                InputStream in = socket.getInputStream();
                while (in.read() >= 0) {
                    // an error line may come first
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server did not close a connection that sent bad input", e);
            } catch (IOException e) {
                // reset by the server: closed as well
            }
        }
    }

    @Test
    void aSlowSubscriberIsDroppedWithoutStallingProducers() throws Exception {
        try (RunningReel reel = RunningReel.start(temp,
                Map.of("reel.transport.tcp.subscriber-queue-bytes", String.valueOf(2 << 20)))) {
            try (Socket lazy = RrdTcpClient.subscribe("127.0.0.1", reel.tcpPort(), null, null)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] image = new byte[256 << 10];
                new Random(5).nextBytes(image);
                try (RecordingStream rec = RecordingStream.builder("slow_subscriber").to(out)) {
                    for (int frame = 0; frame < 120; frame++) {
                        rec.setTime("frame", frame);
                        rec.log("camera", EncodedImage.of(image, "image/jpeg"));
                    }
                }
                Path file = temp.resolve("big.rrd");
                Files.write(file, out.toByteArray());
                // far more than kernel socket buffers and the subscriber's queue can hold
                long sent = 0;
                for (int round = 0; round < 8; round++) {
                    long start = System.nanoTime();
                    sent += RrdTcpClient.sendFile(file, "127.0.0.1", reel.tcpPort(), bytes -> { }).bytes();
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("producer round %d was not held up", round)
                            .isLessThan(Duration.ofSeconds(30));
                }
                lazy.setSoTimeout(30_000);
                InputStream in = lazy.getInputStream();
                byte[] buffer = new byte[1 << 16];
                long read = 0;
                try {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        read += n;
                    }
                } catch (java.net.SocketException reset) {
                    // dropped: the server reset the connection
                }
                assertThat(read).as("the subscriber was cut off before the end").isLessThan(sent);
            }
        }
    }

    @Test
    void reelSendStreamsAFileAndReportsTheServersAnswer() throws Exception {
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            Path file = temp.resolve("sent.rrd");
            byte[] stream = recording("reel_send", "cli", 3);
            Files.write(file, stream);
            java.io.StringWriter out = new java.io.StringWriter();
            picocli.CommandLine cli = Reel.commandLine();
            cli.setOut(new java.io.PrintWriter(out));
            int exit = cli.execute("send", file.toString(), "--to", "127.0.0.1:" + reel.tcpPort(), "--json");
            assertThat(exit).isZero();
            JsonObject line = new JsonObject(out.toString().trim());
            assertThat(line.getString("status")).isEqualTo("ok");
            assertThat(line.getLong("bytes")).isEqualTo(Files.size(file));
            assertThat(line.getLong("messages")).isEqualTo(fingerprints(stream).size());
            RunningReel.await("the file's rows are stored", () -> totalRows(reel) == 2L * FRAMES + 1);
            assertThat(Reel.commandLine().execute("send", file.toString(), "--to", "nowhere")).isEqualTo(2);

            Path truncated = temp.resolve("truncated.rrd");
            Files.write(truncated, Arrays.copyOf(stream, stream.length - 5));
            java.io.StringWriter err = new java.io.StringWriter();
            cli = Reel.commandLine();
            cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
            cli.setErr(new java.io.PrintWriter(err));
            assertThat(cli.execute("send", truncated.toString(), "--to", "127.0.0.1:" + reel.tcpPort()))
                    .as("a refused stream fails the command").isEqualTo(1);
            assertThat(err.toString()).contains("refused " + truncated + ": truncated: at byte ");
        }
    }

    @Test
    void theJavaSinkLogsLiveIntoTheServer() throws Exception {
        try (RunningReel reel = RunningReel.start(temp, Map.of())) {
            try (RecordingStream rec = RecordingStream.builder("java_sink").recordingId("live").logTime(false)
                    .to(RrdTcpSink.connect("127.0.0.1", reel.tcpPort()))) {
                for (int frame = 0; frame < 100; frame++) {
                    rec.setTime("frame", frame);
                    rec.log("speed", Scalars.of(frame));
                }
            }
            RunningReel.await("the recording arrived", () -> totalRows(reel) == 100);
            JsonObject live = (JsonObject) reel.recordings().getValue(0);
            assertThat(live.getString("application_id")).isEqualTo("java_sink");
            assertThat(live.getJsonObject("timelines").getJsonObject("frame").getLong("max")).isEqualTo(99);
        }
    }
}
