package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost on a crash: a real {@code reel serve} process is killed with {@code -9} while
 * producers stream into it, again and again on the same data folder. Each producer sends short streams, one
 * recording each, and counts a stream as acknowledged only when the server answered {@code OK}. After every
 * restart every acknowledged recording is back with all its rows, and in the end every journal file passes
 * {@code reel rrd verify}. Bounded: a fixed number of kills, each after at most a second of traffic, on loopback.
 */
class CrashRecoveryIT {
    private static final int KILLS = 20;
    private static final int PRODUCERS = 4;
    private static final int ROWS = 40;

    @TempDir
    Path temp;

    @Test
    void killedWithSigkillWhileProducersStreamItComesBackWithEveryAcknowledgedMessage() throws Exception {
        Path data = temp.resolve("data");
        Path log = temp.resolve("serve.log");
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        int[] next = {0};
        for (int kill = 0; kill < KILLS; kill++) {
            try (ReelProcess reel = ReelProcess.start(data, log)) {
                assertThat(missing(reel, acknowledged)).as("after restart %d, acknowledged recordings", kill)
                        .isEmpty();
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
                try {
                    for (int p = 0; p < PRODUCERS; p++) {
                        int producer = p;
                        producers.submit(() -> produce(reel.tcpPort(), producer, running, acknowledged, next));
                    }
                    Thread.sleep(200 + random.nextInt(800));
                    reel.kill();
                } finally {
                    running.set(false);
                    producers.shutdown();
                    assertThat(producers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
                }
            }
        }
        assertThat(acknowledged).as("streams acknowledged over all runs").hasSizeGreaterThan(KILLS);
        try (ReelProcess reel = ReelProcess.start(data, log)) {
            assertThat(missing(reel, acknowledged)).isEmpty();
            assertThat(reel.stop()).as("exit code after SIGTERM").isZero();
        }
        List<String> journals;
        try (Stream<Path> files = Files.walk(data.resolve("journal"))) {
            journals = files.filter(p -> p.toString().endsWith(".rrd")).map(Path::toString).toList();
        }
        List<String> verify = new ArrayList<>(List.of("rrd", "verify"));
        verify.addAll(journals);
        assertThat(Reel.commandLine().execute(verify.toArray(String[]::new))).as("reel rrd verify of the journals")
                .isZero();
    }

    /** Streams recordings one after another until stopped or the server dies; records those answered OK. */
    private static void produce(int port, int producer, AtomicBoolean running, Map<String, Long> acknowledged,
            int[] next) {
        while (running.get()) {
            String recording;
            synchronized (next) {
                recording = "p" + producer + "-" + next[0]++;
            }
            byte[] stream = JournalIT.recording("crash_it", recording, ROWS, false);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                for (int at = 0; at < stream.length; at += 1024) {
                    out.write(stream, at, Math.min(1024, stream.length - at));
                }
                socket.shutdownOutput();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (answer.startsWith("OK ")) {
                    acknowledged.put("crash_it/" + recording, ROWS + 1L);
                } else if (!answer.isEmpty()) {
                    throw new AssertionError("the server refused a valid stream: " + answer);
                }
            } catch (IOException e) {
                return; // the server was killed: this stream is not acknowledged
            }
        }
    }

    /** Acknowledged recordings the server does not hold with all their rows. */
    private static Map<String, Long> missing(ReelProcess reel, Map<String, Long> acknowledged) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + reel.httpPort() + "/api/recordings")).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> held = new TreeMap<>();
        new JsonArray(response.body()).stream().map(r -> (JsonObject) r).forEach(r -> held.put(
                r.getString("application_id") + "/" + r.getString("recording_id"), r.getLong("rows")));
        Map<String, Long> missing = new TreeMap<>();
        acknowledged.forEach((recording, rows) -> {
            if (!rows.equals(held.get(recording))) {
                missing.put(recording, held.getOrDefault(recording, 0L));
            }
        });
        return missing;
    }
}
