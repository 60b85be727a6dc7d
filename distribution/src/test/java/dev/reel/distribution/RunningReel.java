package dev.reel.distribution;

import dev.reel.distribution.runtime.ReelRuntime;
import dev.reel.distribution.runtime.RuntimeConfig;
import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** The real runtime, started in this JVM from the assembled distribution's bundles, on free loopback ports. */
final class RunningReel implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("reel.dist.dir", "target/reel"));

    private final ReelRuntime runtime;
    /**
     * HTTP/1.1: the JDK client's h2c upgrade once hung a test for minutes against Vert.x, its request timeout
     * not firing; the API is plain HTTP/1.1 for these tests.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RunningReel(ReelRuntime runtime) {
        this.runtime = runtime;
    }

    static RunningReel start(Path temp, Map<String, String> settings) throws Exception {
        RuntimeConfig config = new RuntimeConfig(DIST.resolve("bundles"), temp.resolve("extensions"),
                temp.resolve("data"), "127.0.0.1", Map.of("http", 0, "tcp", 0), Set.of("http", "tcp"), settings,
                Duration.ofSeconds(30));
        return new RunningReel(ReelRuntime.start(config));
    }

    ReelRuntime runtime() {
        return runtime;
    }

    int httpPort() {
        return runtime.endpoints().get("http").port();
    }

    int tcpPort() {
        return runtime.endpoints().get("tcp").port();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonArray recordings() throws Exception {
        return new JsonArray(get("/api/recordings").body());
    }

    /** Sends a stream to a TCP port as a producer does, half-closes and returns the server's answer line. */
    static String sendOverTcp(int port, byte[] stream) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(stream);
            out.flush();
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Stops the runtime; returns the Arrow bytes still allocated (0 when nothing leaked). */
    long stop() {
        return runtime.stop();
    }

    @Override
    public void close() {
        runtime.stop();
    }
}
