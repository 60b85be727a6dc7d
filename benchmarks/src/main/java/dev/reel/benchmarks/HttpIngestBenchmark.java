package dev.reel.benchmarks;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingest through Rerun's gRPC proxy on the HTTP port ({@code MessageProxyService/WriteMessages}, native gRPC over
 * h2c, as a Rerun SDK's {@code connect_grpc()} sends) next to the same stream through the TCP port, until the
 * viewer store has stored the last row (polled on {@code GET /api/recordings}). Everything but the transport is
 * {@link TcpIngestBenchmark}'s: the same streams ({@code images}: 48 camera images of 1 to 4 MB; {@code scalars}:
 * 5,000 single-row scalar chunks), a new recording per operation, the same runtime settings and store preparation,
 * and only the newest recordings kept. The gRPC messages carry the same payloads as the {@code .rrd} stream's
 * messages ({@link ProducerStream#proxyMessages()}), wrapped in the invocation's setup, outside the timing.
 *
 * <p>Four warm-up iterations: with two, scalar streams (a few per 5 s iteration) still got faster from one measured
 * iteration to the next (1.1 to 2.2 streams/s over TCP), the store's per-message path not yet compiled.
 */
@Warmup(iterations = 4, time = 5)
public class HttpIngestBenchmark extends HttpBenchmarkDefaults {

    /** A new recording for every operation, as gRPC messages. */
    @State(Scope.Thread)
    public static class FreshMessages {
        ProducerStream stream;
        List<Buffer> messages;

        @Setup(Level.Invocation)
        public void write(TcpIngestBenchmark.Content content) {
            stream = content.newStream();
            messages = stream.proxyMessages().stream().map(Buffer::buffer).toList();
        }
    }

    /** One gRPC client for the whole trial, as an SDK keeps its connection. */
    @State(Scope.Benchmark)
    public static class Proxy {
        ProxyWriter writer;

        @Setup(Level.Trial)
        public void open(TcpIngestBenchmark.Reel reel) {
            writer = new ProxyWriter(reel.reel.httpPort());
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            writer.close();
        }
    }

    /**
     * One {@code WriteMessages} call with the whole stream, until the store has its last row; then the call ends
     * and its answer (sent once the store has acknowledged every message) is awaited.
     */
    @Benchmark
    public void writeMessages(TcpIngestBenchmark.Reel reel, Proxy proxy, FreshMessages fresh,
            TcpIngestBenchmark.Sent sent) throws Exception {
        ProxyWriter.Call call = proxy.writer.write(fresh.messages);
        reel.awaitStored(fresh.stream);
        call.finish();
        reel.keepNewest(fresh.stream);
        sent.add(fresh.stream);
    }

    /** The limit: the same stream into the TCP port of the same kind of runtime, as {@link TcpIngestBenchmark}. */
    @Benchmark
    public void tcp(TcpIngestBenchmark.Reel reel, TcpIngestBenchmark.FreshStream fresh, TcpIngestBenchmark.Sent sent)
            throws Exception {
        TcpIngestBenchmark.send(reel, fresh.stream);
        sent.add(fresh.stream);
    }
}
