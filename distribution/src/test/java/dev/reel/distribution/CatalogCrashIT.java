package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.rrd.RrdReader;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registration that returned success survives {@code kill -9}, and a killed one leaves no half state: a real
 * {@code reel serve} process registers recordings (two files per request) while it is killed at random points,
 * {@value #KILLS} times, on the same data folder. After every restart each acknowledged request's segments are in
 * the segment table; every segment there has exactly the chunks of its file (no partly written layer); the two
 * segments of one request are there together or not at all. Bounded: a fixed number of kills, each after at
 * most 1.2 s of registrations, on loopback.
 */
class CatalogCrashIT {
    private static final int KILLS = 50;
    private static final int FILES_PER_REQUEST = 2;
    private static final int FRAMES = 24;

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path temp;

    @Test
    void registrationsSurviveSigkillWholeOrNotAtAll() throws Exception {
        Path data = temp.resolve("data");
        Path root = Files.createDirectories(temp.resolve("recordings"));
        Path log = temp.resolve("serve.log");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        SplittableRandom random = new SplittableRandom(7);
        for (int kill = 0; kill <= KILLS; kill++) {
            try (ReelProcess reel = ReelProcess.start(data, log, "--allowed-roots", root.toString())) {
                String base = "http://127.0.0.1:" + reel.httpPort();
                if (kill == 0) {
                    assertThat(send(base + "/api/datasets", "{\"name\": \"crash\"}").statusCode()).isEqualTo(201);
                }
                try {
                    check(base, root, acknowledged, kill);
                } catch (AssertionError e) {
                    keepEvidence(data, log);
                    throw e;
                }
                if (kill == KILLS) {
                    assertThat(reel.stop()).as("exit code after SIGTERM").isZero();
                    break;
                }
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService registrar = Executors.newSingleThreadExecutor();
                try {
                    registrar.submit(() -> register(base, root, running, acknowledged, next));
                    Thread.sleep(200 + random.nextInt(1000));
                    reel.kill();
                } finally {
                    running.set(false);
                    registrar.shutdown();
                    assertThat(registrar.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                }
            }
        }
        assertThat(acknowledged).as("segments acknowledged over all runs").hasSizeGreaterThan(KILLS);
    }

    /** Registers requests of fresh files one after another until stopped or the server dies. */
    private Void register(String base, Path root, AtomicBoolean running, Set<String> acknowledged,
            AtomicInteger next) throws IOException {
        while (running.get()) {
            JsonArray uris = new JsonArray();
            List<String> segments = new ArrayList<>();
            for (int f = 0; f < FILES_PER_REQUEST; f++) {
                int n = next.getAndIncrement();
                String segment = "seg-" + n;
                Path file = root.resolve(segment + ".rrd");
                // the chunk count differs from file to file
                Files.write(file, JournalIT.recording("crash_catalog", segment, FRAMES + n % 40, false));
                uris.add(file.toString());
                segments.add(segment);
            }
            HttpResponse<String> response;
            try {
                response = send(base + "/api/datasets/crash/register", new JsonObject().put("uris", uris).encode());
            } catch (IOException | InterruptedException e) {
                return null; // the server was killed: this request is not acknowledged
            }
            if (response.statusCode() != 200) {
                throw new AssertionError("a valid registration was refused: " + response.body());
            }
            acknowledged.addAll(segments);
        }
        return null;
    }

    /** The catalog after a restart: every acknowledged segment, no half-written layer, requests whole. */
    private void check(String base, Path root, Set<String> acknowledged, int round) throws Exception {
        HttpResponse<String> response = get(base + "/api/datasets/crash/manifest");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        TreeMap<String, Long> chunks = new TreeMap<>();
        for (Object row : new JsonArray(response.body())) {
            JsonObject layer = (JsonObject) row;
            chunks.put(layer.getString("rerun_segment_id"), layer.getLong("rerun_num_chunks"));
        }
        assertThat(new TreeSet<>(acknowledged)).as("after restart %d, acknowledged segments", round)
                .isSubsetOf(chunks.keySet());
        Map<String, Long> expected = new TreeMap<>();
        for (String segment : chunks.keySet()) {
            expected.put(segment, chunksIn(root.resolve(segment + ".rrd")));
            // requests were pairs (0,1), (2,3), ...: both or neither
            int n = Integer.parseInt(segment.substring("seg-".length()));
            String partner = "seg-" + (n % 2 == 0 ? n + 1 : n - 1);
            assertThat(chunks).as("after restart %d, the request of %s", round, segment).containsKey(partner);
        }
        assertThat(chunks).as("after restart %d, chunks per segment", round).isEqualTo(expected);
        if (!chunks.isEmpty()) {
            String last = chunks.lastKey();
            HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(URI.create(base
                    + "/api/datasets/crash/segments/" + last + ".rrd")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(download.statusCode()).isEqualTo(200);
            Path downloaded = Files.write(temp.resolve("download.rrd"), download.body());
            // the download pools the segment in a store, which compacts small chunks: compare rows, not chunks
            assertThat(rowsIn(downloaded)).as("rows of the downloaded segment %s", last)
                    .isEqualTo(rowsIn(root.resolve(last + ".rrd")));
        }
    }

    /** A failed check keeps the data folder and the server's log where a person can look (REEL_EVIDENCE_DIR). */
    private static void keepEvidence(Path data, Path log) {
        String target = System.getenv("REEL_EVIDENCE_DIR");
        if (target == null) {
            return;
        }
        try (var files = Files.walk(data)) {
            Path to = Path.of(target);
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = to.resolve("data").resolve(data.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.copy(log, to.resolve("serve.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            System.err.println("could not keep the evidence: " + e);
        }
    }

    private long chunksIn(Path file) throws IOException {
        List<LogMsg> messages = RrdReader.readAll(file, arrow.allocator());
        messages.forEach(LogMsg::close);
        return messages.stream().filter(m -> m instanceof ArrowMsg).count();
    }

    private long rowsIn(Path file) throws IOException {
        List<LogMsg> messages = RrdReader.readAll(file, arrow.allocator());
        long rows = messages.stream().filter(m -> m instanceof ArrowMsg)
                .mapToLong(m -> ((ArrowMsg) m).chunk().numRows()).sum();
        messages.forEach(LogMsg::close);
        return rows;
    }

    private HttpResponse<String> send(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
