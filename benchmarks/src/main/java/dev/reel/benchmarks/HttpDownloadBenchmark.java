package dev.reel.benchmarks;

import dev.reel.api.log.LogMsg;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code GET /api/recordings/{app}/{rec}.rrd} of a recording of {@link #IMAGES} camera images (1 to 4 MB of
 * "JPEG-like" bytes each, one chunk each, about 300 MB as {@code .rrd}), uploaded once in the trial's setup, next to
 * the limit: the same bytes, saved to a file, served by a Vert.x {@link HttpServer} with {@code sendFile} in this
 * JVM (on its own event loop, as Reel's HTTP port has one). Both are read over loopback by {@link PlainHttpClient},
 * which discards the bytes. One operation is one whole download; the {@code megabytes} counter gives MB/s of body.
 * Reel encodes the recording again for every download (the store holds decoded chunks): {@link #encodeOnly} is that
 * part alone.
 */
public class HttpDownloadBenchmark extends HttpBenchmarkDefaults {
    static final int IMAGES = 170;
    static final String RECORDING = "download";
    /** Room for the recording's Arrow data (about 420 MB) with nothing collected. */
    static final long STORE_MEMORY_LIMIT = 1L << 30;

    /** The runtime holding the recording, and a client of its HTTP port. */
    @State(Scope.Benchmark)
    public static class Reel {
        Path temp;
        InProcessReel reel;
        PlainHttpClient client;
        final byte[] request = PlainHttpClient.get("/api/recordings/" + ProducerStream.APPLICATION + "/" + RECORDING
                + ".rrd");

        @Setup(Level.Trial)
        public void start() throws Exception {
            temp = Files.createTempDirectory("reel-benchmark-download");
            reel = startWithRecording(temp);
            client = new PlainHttpClient(reel.httpPort());
            System.out.printf(Locale.ROOT, "the download is %,d bytes%n", client.send(request));
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            client.close();
            reel.close();
            Folders.delete(temp);
        }
    }

    /** The bytes of one download, saved to a file (in the page cache) by a runtime that is gone again. */
    @State(Scope.Benchmark)
    public static class RecordingFile {
        Path temp;
        Path file;

        @Setup(Level.Trial)
        public void download() throws Exception {
            temp = Files.createTempDirectory("reel-benchmark-static");
            file = temp.resolve(RECORDING + ".rrd");
            try (InProcessReel reel = startWithRecording(temp)) {
                reel.download(ProducerStream.APPLICATION, RECORDING, file);
            }
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            Folders.delete(temp);
        }
    }

    /** The file behind a Vert.x server that answers every request with it. */
    @State(Scope.Benchmark)
    public static class StaticFile {
        Vertx vertx;
        HttpServer server;
        PlainHttpClient client;
        final byte[] request = PlainHttpClient.get("/" + RECORDING + ".rrd");

        @Setup(Level.Trial)
        public void start(RecordingFile recording) throws Exception {
            String file = recording.file.toString();
            vertx = Vertx.vertx();
            server = vertx.createHttpServer().requestHandler(request -> request.response()
                    .putHeader("content-type", "application/octet-stream").sendFile(file));
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            client = new PlainHttpClient(server.actualPort());
            System.out.printf(Locale.ROOT, "the file is %,d bytes%n", client.send(request));
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** The recording's messages decoded into Arrow memory, as the store holds them. */
    @State(Scope.Benchmark)
    public static class StoredMessages {
        BufferAllocator allocator;
        List<LogMsg> messages;
        final RrdCodec codec = new RrdCodec();

        @Setup(Level.Trial)
        public void decode(RecordingFile recording) throws IOException {
            allocator = new RootAllocator();
            messages = RrdReader.readAll(recording.file, allocator);
        }

        @TearDown(Level.Trial)
        public void close() {
            messages.forEach(LogMsg::close);
            allocator.close();
        }
    }

    /** A runtime with a data folder under {@code temp}, holding the recording. */
    static InProcessReel startWithRecording(Path temp) throws Exception {
        InProcessReel reel = InProcessReel.start(temp, Map.of("reel.store.memory-limit",
                Long.toString(STORE_MEMORY_LIMIT), "reel.store.journal", "false"));
        ProducerStream stream = ProducerStream.images(RECORDING, ProducerStream.cameraImages(), IMAGES, Compression.LZ4);
        long start = System.nanoTime();
        reel.upload(stream.bytes());
        System.out.printf(Locale.ROOT, "uploaded %,d bytes in %.1f s%n", stream.bytes().length,
                (System.nanoTime() - start) / 1e9);
        return reel;
    }

    /** The recording from Reel's HTTP port. */
    @Benchmark
    public long reel(Reel reel, Throughput body) throws IOException {
        long bytes = reel.client.send(reel.request);
        body.add(bytes);
        return bytes;
    }

    /**
     * Part of {@link #reel}, for the breakdown: every message encoded again as the download's worker encodes it
     * ({@link RrdCodec#encode}: Arrow IPC, LZ4, one {@code .rrd} message each), on one thread, without HTTP. Counts
     * the encoded payloads' bytes.
     */
    @Benchmark
    public long encodeOnly(StoredMessages stored, Throughput body) {
        long bytes = 0;
        for (LogMsg message : stored.messages) {
            bytes += RrdFrame.HEADER_SIZE + stored.codec.encode(message, "benchmark").size();
        }
        body.add(bytes);
        return bytes;
    }

    /** The limit: the same bytes as a file, sent by Vert.x with {@code sendFile}. */
    @Benchmark
    public long staticFile(StaticFile file, Throughput body) throws IOException {
        long bytes = file.client.send(file.request);
        body.add(bytes);
        return bytes;
    }
}
