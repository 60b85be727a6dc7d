package dev.reel.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code GET /api/recordings} with {@link #CLIENTS} clients at once, each a JMH thread with its own keep-alive
 * connection ({@link PlainHttpClient}) sending its next request as soon as the last is answered, while the store
 * holds {@link #RECORDINGS} recordings. The limits, with the same clients: {@code GET /api/health} of the same
 * server (the same port, router, CORS and token check, a small answer), and a minimal Vert.x server in this JVM
 * answering every request with the bytes {@code GET /api/recordings} answered in the setup (the same answer,
 * without building it). Every request's time is sampled: percentiles are in the result, and requests per second
 * are {@code CLIENTS / mean} (every client always has one request out).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(HttpRecordingListBenchmark.CLIENTS)
public class HttpRecordingListBenchmark extends HttpBenchmarkDefaults {
    static final int CLIENTS = 64;
    static final int RECORDINGS = 50;
    /** Rows per recording: a short robot log, sent as single-row chunks that the store compacts. */
    static final int ROWS = 1_000;
    static final int SIGNALS = 8;

    /** The runtime holding the recordings. */
    @State(Scope.Benchmark)
    public static class Reel {
        Path temp;
        InProcessReel reel;
        /** What {@code GET /api/recordings} answered once every recording was stored. */
        byte[] listing;

        @Setup(Level.Trial)
        public void start() throws Exception {
            temp = Files.createTempDirectory("reel-benchmark-list");
            reel = InProcessReel.start(temp, Map.of());
            for (int i = 0; i < RECORDINGS; i++) {
                reel.upload(ProducerStream.scalars(String.format(Locale.ROOT, "run-%03d", i), ROWS, SIGNALS).bytes());
            }
            listing = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + reel.httpPort() + "/api/recordings")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            System.out.printf(Locale.ROOT, "GET /api/recordings: %,d bytes for %d recordings%n", listing.length,
                    reel.recordings().size());
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            reel.close();
            Folders.delete(temp);
        }
    }

    /** A Vert.x server (one event loop, as Reel's HTTP port) answering every request with a fixed body. */
    @State(Scope.Benchmark)
    public static class ConstantServer {
        Vertx vertx;
        HttpServer server;

        @Setup(Level.Trial)
        public void start(Reel reel) throws Exception {
            Buffer answer = Buffer.buffer(reel.listing);
            vertx = Vertx.vertx();
            server = vertx.createHttpServer().requestHandler(request -> request.response()
                    .putHeader("content-type", "application/json").end(answer));
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** One client's connection to Reel's HTTP port. */
    @State(Scope.Thread)
    public static class ReelClient {
        static final byte[] RECORDINGS = PlainHttpClient.get("/api/recordings");
        static final byte[] HEALTH = PlainHttpClient.get("/api/health");
        PlainHttpClient client;

        @Setup(Level.Trial)
        public void open(Reel reel) throws IOException {
            client = new PlainHttpClient(reel.reel.httpPort());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            client.close();
        }
    }

    /** One client's connection to the constant server. */
    @State(Scope.Thread)
    public static class ConstantClient {
        static final byte[] ANY = PlainHttpClient.get("/");
        PlainHttpClient client;

        @Setup(Level.Trial)
        public void open(ConstantServer server) throws IOException {
            client = new PlainHttpClient(server.server.actualPort());
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            client.close();
        }
    }

    /** The list of recordings, built from the store on every request. */
    @Benchmark
    public long recordings(ReelClient client) throws IOException {
        return client.client.send(ReelClient.RECORDINGS);
    }

    /** The limit on the same server: its smallest API answer. */
    @Benchmark
    public long health(ReelClient client) throws IOException {
        return client.client.send(ReelClient.HEALTH);
    }

    /** The limit of the bytes themselves: the same answer, fixed, from a minimal Vert.x server. */
    @Benchmark
    public long constantAnswer(ConstantClient client) throws IOException {
        return client.client.send(ConstantClient.ANY);
    }
}
