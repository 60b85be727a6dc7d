package dev.reel.benchmarks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real runtime ({@code ReelRuntime} from the assembled distribution), started in this JVM on free loopback
 * ports, as the distribution's integration tests start it, and talked to only through its TCP and HTTP ports.
 *
 * <p>It runs in its own class loader over the distribution's {@code lib/} (what {@code reel serve} runs on).
 * The benchmarks jar is shaded: with it on the class path, the runtime would export every Reel package from
 * the system bundle (it exports whatever its class path holds that is not an installed bundle), and bundles
 * would wire to those copies instead of to each other.
 */
final class InProcessReel implements AutoCloseable {
    private static final String RUNTIME = "dev.reel.distribution.runtime.ReelRuntime";
    private static final String CONFIG = "dev.reel.distribution.runtime.RuntimeConfig";
    private static final String LOG_LEVEL = "reel.log.level";

    private final URLClassLoader loader;
    private final Object runtime;
    private final int httpPort;
    private final int tcpPort;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private InProcessReel(URLClassLoader loader, Object runtime, int httpPort, int tcpPort) {
        this.loader = loader;
        this.runtime = runtime;
        this.httpPort = httpPort;
        this.tcpPort = tcpPort;
    }

    /**
     * Starts the runtime with a fresh data folder under {@code temp} and the given {@code reel.*} settings; it
     * logs warnings only, unless {@code -Dreel.log.level} says otherwise.
     */
    static InProcessReel start(Path temp, Map<String, String> settings) throws Exception {
        Path dist = distribution();
        List<Path> lib;
        try (Stream<Path> files = Files.list(dist.resolve("lib"))) {
            lib = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        URL[] urls = new URL[lib.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = lib.get(i).toUri().toURL();
        }
        // the distribution logs through the JDK's logging, as its command sets it up; only warnings, unless the
        // fork is given another level
        System.setProperty(LOG_LEVEL, System.getProperty(LOG_LEVEL, "warn"));
        URLClassLoader loader = new URLClassLoader("reel-runtime", urls, ClassLoader.getPlatformClassLoader());
        loader.loadClass("dev.reel.distribution.runtime.Logging").getMethod("configure").invoke(null);
        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        String previousClassPath = System.getProperty("java.class.path");
        // The runtime computes the system bundle's exports from java.class.path and finds Felix through the
        // context class loader: both must be what `reel serve` would have.
        System.setProperty("java.class.path", lib.stream().map(Path::toString).collect(Collectors.joining(":")));
        thread.setContextClassLoader(loader);
        try {
            // lz4-java uses its JNI build only when it was loaded by the system class loader (as under `reel
            // serve`) or when its native library is already loaded; otherwise it falls back to its much slower
            // pure-Java decompressor. Loading the library here keeps this runtime's LZ4 what production gets.
            loader.loadClass("net.jpountz.util.Native").getMethod("load").invoke(null);
            Class<?> configClass = loader.loadClass(CONFIG);
            Object config = configClass.getConstructors()[0].newInstance(dist.resolve("bundles"),
                    temp.resolve("extensions"), temp.resolve("data"), "127.0.0.1", Map.of("http", 0, "tcp", 0),
                    Set.of("http", "tcp"), settings, Duration.ofSeconds(60));
            Object runtime = loader.loadClass(RUNTIME).getMethod("start", configClass).invoke(null, config);
            Map<?, ?> endpoints = (Map<?, ?>) runtime.getClass().getMethod("endpoints").invoke(runtime);
            return new InProcessReel(loader, runtime, port(endpoints.get("http")), port(endpoints.get("tcp")));
        } catch (ReflectiveOperationException | RuntimeException e) {
            loader.close();
            throw e;
        } finally {
            thread.setContextClassLoader(previousLoader);
            System.setProperty("java.class.path", previousClassPath);
        }
    }

    /**
     * {@code distribution/target/reel} of the source tree the benchmarks jar was built in, or the folder named by
     * {@code -Dreel.dist.dir}.
     */
    static Path distribution() throws IOException {
        String configured = System.getProperty("reel.dist.dir");
        Path dist;
        if (configured != null) {
            dist = Path.of(configured);
        } else {
            try {
                Path jar = Path.of(InProcessReel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                // benchmarks/target/benchmarks.jar (or benchmarks/target/classes) -> distribution/target/reel
                dist = jar.getParent().getParent().getParent().resolve("distribution/target/reel");
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        }
        if (!Files.isDirectory(dist.resolve("lib")) || !Files.isDirectory(dist.resolve("bundles"))) {
            throw new IOException("no assembled distribution at " + dist + ": build it first (mvn -B -q package -pl "
                    + "distribution -am -DskipTests) or name it with -Dreel.dist.dir");
        }
        return dist;
    }

    private static int port(Object endpoint) throws ReflectiveOperationException {
        Method port = endpoint.getClass().getMethod("port");
        return (Integer) port.invoke(endpoint);
    }

    int tcpPort() {
        return tcpPort;
    }

    int httpPort() {
        return httpPort;
    }

    /** {@code GET /api/recordings}. */
    JsonArray recordings() {
        return new JsonArray(send(request("/api/recordings", Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The latest time the store holds on one timeline of one recording (none while it holds nothing). */
    OptionalLong latestTime(String recordingId, String timeline) {
        for (Object recording : recordings()) {
            JsonObject json = (JsonObject) recording;
            JsonObject range = json.getJsonObject("timelines", new JsonObject()).getJsonObject(timeline);
            if (recordingId.equals(json.getString("recording_id")) && range != null) {
                return OptionalLong.of(range.getLong("max"));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Polls {@code GET /api/recordings} every {@code pollMillis} until the recording holds data at {@code time} on
     * {@code timeline}. The store ingests a connection's messages in order, so once the last message's time is
     * there, everything before it was stored too; row counts would not tell, because the store collects the
     * oldest chunks when it reaches its memory limit (it never collects the newest).
     *
     * @throws IllegalStateException after {@code timeout}
     */
    void awaitTime(String recordingId, String timeline, long time, long pollMillis, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (latestTime(recordingId, timeline).orElse(Long.MIN_VALUE) < time) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("recording " + recordingId + " reached " + timeline + " "
                        + latestTime(recordingId, timeline) + ", not " + time + ", after " + timeout);
            }
            Thread.sleep(pollMillis);
        }
    }

    /**
     * {@code POST /api/recordings}: an {@code .rrd} stream into the store; returns once the store has every message.
     */
    void upload(byte[] rrd) {
        HttpResponse<String> response = send(request("/api/recordings", Duration.ofMinutes(2))
                .header("content-type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(rrd))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the upload was refused: " + response.body());
        }
    }

    /** {@code GET /api/recordings/{application}/{recording}.rrd} into {@code file}. */
    void download(String application, String recording, Path file) throws IOException {
        HttpResponse<Path> response = send(request("/api/recordings/" + application + "/" + recording + ".rrd",
                Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofFile(file));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("could not download " + recording + ": " + Files.readString(file));
        }
    }

    /** {@code DELETE /api/recordings/{application}/{recording}}: the recording leaves memory and its journal. */
    void delete(String application, String recording) {
        HttpResponse<String> response = send(request("/api/recordings/" + application + "/" + recording,
                Duration.ofSeconds(30)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("could not delete " + recording + ": " + response.body());
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(timeout);
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Object leaked = runtime.getClass().getMethod("stop").invoke(runtime);
            if (!Long.valueOf(0).equals(leaked)) {
                throw new IllegalStateException(leaked + " bytes of Arrow memory leaked by the runtime");
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not stop the runtime", e);
        } finally {
            loader.close();
        }
    }
}
