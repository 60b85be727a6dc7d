package dev.reel.distribution;

import static dev.reel.distribution.StreamContents.fingerprints;
import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.distribution.StreamContents.TemporalRows;
import dev.reel.rrd.sdk.BatcherConfig;
import dev.reel.rrd.sdk.RecordingStream;
import dev.reel.rrd.sdk.Scalars;
import dev.reel.rrd.sdk.TextDocument;
import dev.reel.testing.PostgresCluster;
import dev.reel.testing.RerunWebViewer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code reel serve} processes on loopback acting as one system (the scale-out contract): a clustered
 * event bus (Hazelcast, joined by a TCP/IP member list) and the catalog on a real PostgreSQL server, with the
 * catalog's files on a folder all three read. Producers send to node A; a subscriber on C gets every message
 * (SHA-256 of every payload); downloads on B and C get every row; the recordings spread over the nodes; a dataset
 * registered on A is queried on C. Then the node owning a live recording is killed with {@code kill -9}: the
 * others stay healthy with two members, the producer moves on, the recording is listed as partly lost (never
 * silently), and nothing the catalog acknowledged is gone. Bounded: 12 recordings of 40 frames, waits of 60 s
 * at most.
 */
class ClusterIT {
    private static final int RECORDINGS = 12;
    private static final int FRAMES = 40;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static PostgresCluster postgres;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final RootAllocator allocator = new RootAllocator();

    @TempDir
    Path temp;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresCluster.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A node: its process and the ids the cluster knows it by. */
    private record Node(String name, ReelProcess process, Path log) {
        String base() {
            return "http://127.0.0.1:" + process.httpPort();
        }
    }

    @Test
    void threeNodesActAsOneAndSurviveTheLossOfOne() throws Exception {
        String catalogUrl = postgres.createDatabase("cluster");
        Path shared = Files.createDirectories(temp.resolve("shared"));
        Path recordingsFolder = Files.createDirectories(shared.resolve("recordings"));
        int[] clusterPorts = {freePort(), freePort(), freePort()};
        String members = "127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1] + ",127.0.0.1:"
                + clusterPorts[2];
        Map<String, Node> nodes = new LinkedHashMap<>();
        try {
            String[] names = {"a", "b", "c"};
            for (int i = 0; i < 3; i++) {
                Path log = temp.resolve("node-" + names[i] + ".log");
                ReelProcess process = ReelProcess.start(temp.resolve("node-" + names[i]), log,
                        Map.of("REEL_CATALOG_USER", PostgresCluster.SUPERUSER),
                        "--cluster-port", Integer.toString(clusterPorts[i]), "--cluster-members", members,
                        "--catalog-url", catalogUrl, "--catalog-storage", shared.toString(),
                        "--save", temp.resolve("node-" + names[i] + ".save.rrd").toString(),
                        "--allowed-roots", recordingsFolder.toString());
                nodes.put(names[i], new Node(names[i], process, log));
            }
            run(nodes, recordingsFolder);
        } catch (Throwable e) {
            for (Node node : nodes.values()) {
                System.err.println("---- log of node " + node.name() + " (last 60 lines)");
                List<String> lines = Files.readAllLines(node.log());
                lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.err::println);
            }
            throw e;
        } finally {
            for (Node node : nodes.values()) {
                node.process().close();
            }
            allocator.close();
        }
    }

    private void run(Map<String, Node> nodes, Path recordingsFolder) throws Exception {
        Node a = nodes.get("a");
        Node b = nodes.get("b");
        Node c = nodes.get("c");
        // every node sees the three members, each with the endpoints it published
        Map<String, Node> byId = new HashMap<>();
        for (Node node : nodes.values()) {
            await("3 members seen by node " + node.name(), () -> members(node).size() == 3);
            byId.put(health(node).getJsonObject("cluster").getString("node"), node);
        }
        assertThat(members(a)).allSatisfy(member -> assertThat(member.getString("http")).startsWith("127.0.0.1:"));
        assertThat(byId).hasSize(3);

        // a subscriber to everything on C, from before anything is sent
        Subscriber subscriber = Subscriber.start(c.process().tcpPort());

        // producers send to node A only
        List<byte[]> streams = new ArrayList<>();
        List<String> sentPrints = new ArrayList<>();
        for (int i = 0; i < RECORDINGS; i++) {
            byte[] stream = recording("cluster_it", "rec-" + i, i, 0, FRAMES);
            streams.add(stream);
            sentPrints.addAll(fingerprints(stream));
            assertThat(send(stream, a.process().tcpPort())).as("answer to producer " + i).startsWith("OK ");
        }

        // any node lists every recording, each held by one node, and they spread over the nodes
        for (Node node : nodes.values()) {
            JsonArray listed = recordings(node);
            Map<String, String> owners = ownersOf(listed);
            assertThat(owners).as("recordings listed by node " + node.name()).hasSize(RECORDINGS);
            assertThat(Set.copyOf(owners.values())).as("nodes holding recordings").hasSizeGreaterThan(1)
                    .allSatisfy(owner -> assertThat(byId).containsKey(owner));
        }

        // each message sent to A was stored once, byte for byte, by the node owning its recording: the three nodes'
        // --save files together hold exactly what was sent (SHA-256 of every payload)
        List<String> expected = new ArrayList<>(sentPrints);
        Collections.sort(expected);
        await("the nodes saved every message", () -> saved(nodes).size() >= expected.size());
        assertThat(saved(nodes)).isEqualTo(expected);

        // the subscriber on C got every row sent to A exactly once, whichever node owns it
        List<String> sentRows = new ArrayList<>();
        for (byte[] stream : streams) {
            sentRows.addAll(temporalRows(stream, allocator));
        }
        Collections.sort(sentRows);
        await("the subscriber on C has every row", () -> subscriber.rows(allocator).size() >= sentRows.size());
        assertThat(subscriber.rows(allocator)).isEqualTo(sentRows);
        subscriber.close();

        // downloads on B and C hold every row of every recording
        for (int i = 0; i < RECORDINGS; i++) {
            Set<String> recordingRows = temporalRows(streams.get(i), allocator);
            for (Node reader : List.of(b, c)) {
                byte[] downloaded = get(reader, "/api/recordings/cluster_it/rec-" + i + ".rrd");
                assertThat(temporalRows(downloaded, allocator)).as("rec-" + i + " downloaded from "
                        + reader.name()).isEqualTo(recordingRows);
            }
        }

        // the real Rerun web viewer opens, from C, a recording another node owns: as an .rrd URL, and over C's
        // gRPC proxy, which reads every node's recordings
        if (viewerRuns()) {
            Map<String, String> owners = ownersOf(recordings(c));
            String cId = health(c).getJsonObject("cluster").getString("node");
            String elsewhere = owners.entrySet().stream().filter(e -> !e.getValue().equals(cId)).map(Map.Entry::getKey)
                    .sorted().findFirst().orElseThrow();
            RerunWebViewer.Result opened = RerunWebViewer.open(c.base() + "/api/recordings/cluster_it/" + elsewhere
                    + ".rrd", List.of("frame"));
            assertThat(opened.errors()).isEmpty();
            assertThat(opened.ranges().get(elsewhere).get("frame")).as(elsewhere + " opened from node c")
                    .isEqualTo(new RerunWebViewer.TimeRange(0, FRAMES - 1));
            RerunWebViewer.Result proxy = RerunWebViewer.open("rerun+http://127.0.0.1:" + c.process().httpPort()
                    + "/proxy", List.of("frame"));
            assertThat(proxy.recordingOpens().stream().map(e -> e.get("recording_id")).collect(Collectors.toSet()))
                    .as("recordings the viewer opened over node c's gRPC proxy").containsAll(owners.keySet());
            assertThat(proxy.ranges().get(elsewhere).get("frame")).isEqualTo(new RerunWebViewer.TimeRange(0,
                    FRAMES - 1));
        }

        // the catalog: a dataset created and a recording registered on A are there on C at once
        Path file = recordingsFolder.resolve("flight.rrd");
        Files.write(file, recording("flight_app", "flight-1", 99, 0, FRAMES));
        assertThat(post(a, "/api/datasets", new JsonObject().put("name", "fleet")).statusCode()).isEqualTo(201);
        HttpResponse<String> registered = post(a, "/api/datasets/fleet/register",
                new JsonObject().put("uris", new JsonArray().add(file.toUri().toString())));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        JsonArray segmentsOnC = new JsonArray(new String(get(c, "/api/datasets/fleet/segments"),
                StandardCharsets.UTF_8));
        assertThat(segmentsOnC).hasSize(1);
        assertThat(segmentsOnC.getJsonObject(0).getString("rerun_segment_id")).isEqualTo("flight-1");
        HttpResponse<String> query = post(c, "/api/datasets/fleet/query", new JsonObject());
        assertThat(query.statusCode()).isEqualTo(200);
        assertThat(new JsonArray(query.body())).isNotEmpty();

        // a live recording, sent to A in rounds; its owner is killed between two rounds
        assertThat(send(recording("cluster_it", "moving", 7, 0, FRAMES / 2), a.process().tcpPort()))
                .startsWith("OK ");
        String ownerId = ownersOf(recordings(b)).get("moving");
        Node owner = byId.get(ownerId);
        owner.process().kill();
        List<Node> survivors = nodes.values().stream().filter(n -> n != owner).toList();
        for (Node node : survivors) {
            await("node " + node.name() + " sees 2 members", () -> members(node).size() == 2);
            assertThat(health(node).getString("status")).isEqualTo("UP");
        }
        // the producer moves to a node that answers (A itself, unless A was the one killed)
        byte[] secondRound = recording("cluster_it", "moving", 7, FRAMES / 2, FRAMES);
        Node next = owner == a ? survivors.get(0) : a;
        assertThat(send(secondRound, next.process().tcpPort())).startsWith("OK ");

        Node reader = survivors.get(1);
        JsonObject moving = find(recordings(reader), "moving");
        assertThat(moving.getJsonObject("lost")).as("the listing says what was lost: " + moving).isNotNull();
        assertThat(moving.getJsonObject("lost").getString("node")).isEqualTo(ownerId);
        assertThat(moving.getString("node")).isNotEqualTo(ownerId);
        assertThat(temporalRows(get(reader, "/api/recordings/cluster_it/moving.rrd"), allocator))
                .as("the rows sent after the loss").isEqualTo(temporalRows(secondRound, allocator));
        // the recordings the dead node held are listed as lost, not left out; the others are whole
        for (int i = 0; i < RECORDINGS; i++) {
            JsonObject listed = find(recordings(reader), "rec-" + i);
            assertThat(listed.getValue("node")).isNotEqualTo(ownerId);
            if (listed.getJsonObject("lost") == null) {
                assertThat(temporalRows(get(reader, "/api/recordings/cluster_it/rec-" + i + ".rrd"), allocator))
                        .isEqualTo(temporalRows(streams.get(i), allocator));
            } else {
                assertThat(listed.getJsonObject("lost").getString("node")).isEqualTo(ownerId);
                assertThat(listed.getValue("node")).as("no node holds any of it").isNull();
            }
        }
        // what the catalog acknowledged before the kill is there
        JsonArray segments = new JsonArray(new String(get(reader, "/api/datasets/fleet/segments"),
                StandardCharsets.UTF_8));
        assertThat(segments).hasSize(1);
        for (Node node : survivors) {
            assertThat(node.process().stop()).as("exit code of node " + node.name() + " after SIGTERM").isZero();
        }
    }

    /** Whether the real web viewer can run here; when a run requires it (CI), its absence fails the test. */
    private static boolean viewerRuns() {
        if (RerunWebViewer.isAvailable()) {
            return true;
        }
        try {
            RerunWebViewer.assumeAvailable();
        } catch (org.opentest4j.TestAbortedException skip) {
            System.err.println(skip.getMessage() + "; ClusterIT runs without the web viewer part");
            return false;
        }
        return true;
    }

    private static JsonObject find(JsonArray recordings, String recordingId) {
        return recordings.stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("kind").equals("recording") && r.getString("recording_id").equals(recordingId))
                .findFirst().orElseThrow(() -> new AssertionError("no " + recordingId + " in " + recordings.encode()));
    }

    /** Recording id → node holding it, for recordings held by a node. */
    private static Map<String, String> ownersOf(JsonArray recordings) {
        return recordings.stream().map(JsonObject.class::cast)
                .filter(r -> r.getString("kind").equals("recording") && r.getValue("node") != null)
                .collect(Collectors.toMap(r -> r.getString("recording_id"), r -> r.getString("node")));
    }

    private JsonObject health(Node node) throws IOException, InterruptedException {
        return new JsonObject(new String(get(node, "/api/health"), StandardCharsets.UTF_8));
    }

    private List<JsonObject> members(Node node) throws IOException, InterruptedException {
        JsonObject cluster = health(node).getJsonObject("cluster");
        return cluster == null ? List.of() : cluster.getJsonArray("members").stream().map(JsonObject.class::cast)
                .toList();
    }

    private JsonArray recordings(Node node) throws IOException, InterruptedException {
        return new JsonArray(new String(get(node, "/api/recordings"), StandardCharsets.UTF_8));
    }

    private byte[] get(Node node, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(node.base() + path))
                .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET " + path + " on node " + node.name()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> post(Node node, String path, JsonObject body) throws IOException,
            InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(PATIENCE)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void await(String what, Check check) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE.toSeconds() + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    /** An .rrd stream of frames {@code from} (inclusive) to {@code to} of one recording, as a producer sends it. */
    private static byte[] recording(String application, String recording, int seed, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingStream rec = RecordingStream.builder(application).recordingId(recording).logTime(false)
                .batching(new BatcherConfig(8, 1 << 20, Duration.ZERO)).to(out)) {
            if (from == 0) {
                rec.logStatic("producer", TextDocument.of("producer " + seed));
            }
            for (int frame = from; frame < to; frame++) {
                rec.setTime("frame", frame);
                rec.log("producer/value", Scalars.of(seed * 1000 + frame));
            }
        }
        return out.toByteArray();
    }

    /** Sends a stream, half-closes, and returns the server's answer line. */
    private static String send(byte[] stream, int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(stream);
            socket.shutdownOutput();
            socket.setSoTimeout((int) PATIENCE.toMillis());
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    /** The temporal rows of a stream as {@code store|row id}: what a reader must get exactly once. */
    private static Set<String> temporalRows(byte[] stream, RootAllocator allocator) throws IOException {
        return new TreeSet<>(TemporalRows.of(stream, allocator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The fingerprints of every message in the nodes' {@code --save} files, sorted. */
    private List<String> saved(Map<String, Node> nodes) throws IOException {
        List<String> prints = new ArrayList<>();
        for (String name : nodes.keySet()) {
            Path save = temp.resolve("node-" + name + ".save.rrd");
            if (Files.exists(save)) {
                prints.addAll(fingerprints(Files.readAllBytes(save)));
            }
        }
        Collections.sort(prints);
        return prints;
    }

    /** A TCP subscriber to everything, keeping the bytes it reads. */
    private static final class Subscriber implements AutoCloseable {
        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final Thread reader;

        private Subscriber(Socket socket) {
            this.socket = socket;
            this.reader = new Thread(this::read, "cluster-subscriber");
        }

        static Subscriber start(int port) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.getOutputStream().write("SUBSCRIBE\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            Subscriber subscriber = new Subscriber(socket);
            subscriber.reader.setDaemon(true);
            subscriber.reader.start();
            return subscriber;
        }

        private void read() {
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = socket.getInputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    synchronized (received) {
                        received.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        /** The temporal rows read so far, every one as often as it came, sorted. */
        List<String> rows(RootAllocator allocator) throws IOException {
            byte[] bytes;
            synchronized (received) {
                bytes = received.toByteArray();
            }
            List<String> rows = new ArrayList<>(TemporalRows.of(bytes, allocator));
            Collections.sort(rows);
            return rows;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
