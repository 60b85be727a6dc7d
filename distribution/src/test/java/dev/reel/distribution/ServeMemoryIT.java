package dev.reel.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --memory-limit} in bytes is the budget of the whole process: {@code bin/reel serve} sizes the JVM heap
 * from it (limit + 128 MiB) wherever the limit comes from, unless {@code REEL_JAVA_OPTS} sets the heap itself.
 * Read from the real process's {@code /api/metrics} (the G1 old generation's maximum is the heap's).
 */
class ServeMemoryIT {
    private static final long LIMIT = 100_000_000;
    /** What the launcher asks for: the limit in whole MiB plus 128 MiB (the JVM rounds it up to its alignment). */
    private static final long HEAP = ((LIMIT >> 20) + 128) << 20;
    private static final long ALIGNMENT = 4L << 20;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLimitInBytesSizesTheHeapFromTheFlagTheEnvironmentOrTheConfigFile() throws Exception {
        assertThat(maxHeap(Map.of(), "--memory-limit", Long.toString(LIMIT))).isBetween(HEAP, HEAP + ALIGNMENT);
        assertThat(maxHeap(Map.of("REEL_MEMORY_LIMIT", Long.toString(LIMIT)))).isBetween(HEAP, HEAP + ALIGNMENT);
        Path config = Files.writeString(temp.resolve("reel.properties"), "memory-limit = " + LIMIT + "\n");
        assertThat(maxHeap(Map.of(), "--config", config.toString())).isBetween(HEAP, HEAP + ALIGNMENT);
    }

    @Test
    void reelJavaOptsKeepTheHeapItSets() throws Exception {
        assertThat(maxHeap(Map.of("REEL_JAVA_OPTS", "-Xmx300m"), "--memory-limit", Long.toString(LIMIT)))
                .isEqualTo(300L << 20);
    }

    @Test
    void aPercentageLeavesTheJvmsDefaultHeap() throws Exception {
        assertThat(maxHeap(Map.of(), "--memory-limit", "50%")).isGreaterThan(HEAP);
    }

    /** Starts a server, reads its heap maximum and its store's limit, stops it. */
    private long maxHeap(Map<String, String> environment, String... flags) throws Exception {
        Path data = Files.createTempDirectory(temp, "data");
        try (ReelProcess reel = ReelProcess.start(data, temp.resolve("serve.log"), environment, flags)) {
            String metrics = metrics(reel);
            if (Arrays.stream(flags).noneMatch(flag -> flag.endsWith("%"))) {
                assertThat(value(metrics, "reel_store_memory_limit_bytes")).isEqualTo(LIMIT);
            }
            long heap = value(metrics, "jvm_memory_max_bytes{area=\"heap\",id=\"G1 Old Gen\"}");
            assertThat(reel.stop()).isZero();
            return heap;
        }
    }

    private String metrics(ReelProcess reel) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + reel.httpPort() + "/api/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static long value(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> (long) Double.parseDouble(line.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(name + " is not in /api/metrics"));
    }
}
