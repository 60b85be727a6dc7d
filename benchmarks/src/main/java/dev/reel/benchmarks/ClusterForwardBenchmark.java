package dev.reel.benchmarks;

import com.hazelcast.config.Config;
import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.LogFrameMessageCodec;
import dev.reel.api.log.MessageKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What it costs a cluster node to hand a frame to the node that owns its recording, against handing it to its
 * own store: a {@link LogFrame} of {@code bytes} sent with {@code request} to a consumer that replies at once, as
 * Reel's ingest router does, either on the same node (local delivery: the frame object is passed, no copy) or on
 * another node of a clustered event bus (Hazelcast, two members in this JVM, the bus's TCP connection on
 * loopback: the frame is written with {@link LogFrameMessageCodec} and read back). Both nodes are built as
 * {@code reel serve --cluster-port} builds them.
 *
 * <p>{@code latency}: one frame at a time, sampled ({@link Mode#SampleTime}: p50 and p99 in the result), the
 * added latency of forwarding is remote minus local. {@code window}: {@value #WINDOW} frames in flight at a time,
 * as a source keeps its ingest window full; frames/s times the frame size is the bytes/s a node forwards.
 *
 * <p>The limit, {@code owner = socket}: the same bytes over a plain loopback socket to a thread that reads each
 * frame whole and answers one byte, the least a hop to another process costs.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.OPEN_NIO, JvmFlags.UNSAFE_ALLOCATOR, JvmFlags.HEAP, JvmFlags.FIXED_HEAP,
        JvmFlags.PRE_TOUCH, "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.management/sun.management=ALL-UNNAMED",
        "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED"})
public class ClusterForwardBenchmark extends BenchmarkDefaults {
    static final int WINDOW = 16;
    private static final String ADDRESS = "reel.benchmark.owner";

    /** Two nodes of a clustered bus; the owner's consumer is on node B, or on node A for local delivery. */
    @State(Scope.Benchmark)
    public static class Nodes {
        @Param({"1024", "1048576"})
        public int bytes;

        @Param({"local", "remote", "socket"})
        public String owner;

        Vertx a;
        Vertx b;
        LogFrame frame;
        MessageConsumer<LogFrame> consumer;
        FrameAcknowledger socketOwner;
        Socket socket;

        @Setup(Level.Trial)
        public void start() throws Exception {
            byte[] payload = new byte[bytes];
            new Random(1).nextBytes(payload);
            frame = new LogFrame("tcp 127.0.0.1:50000", 16, MessageKind.ARROW_MSG,
                    StoreId.recording("benchmark", "forwarded"), false, payload);
            if (owner.equals("socket")) {
                socketOwner = new FrameAcknowledger();
                socket = new Socket(InetAddress.getLoopbackAddress(), socketOwner.port());
                socket.setTcpNoDelay(true);
                return;
            }
            a = clustered(15701);
            b = clustered(15702);
            Vertx ownerNode = owner.equals("local") ? a : b;
            consumer = ownerNode.eventBus().consumer(ADDRESS, message -> message.reply(null));
            await(consumer.completion());
            // the registration is known on A once a request gets through
            await(a.eventBus().request(ADDRESS, frame));
        }

        private static Vertx clustered(int port) throws Exception {
            Config config = new Config().setClusterName("reel-benchmark");
            config.setProperty("hazelcast.phone.home.enabled", "false");
            config.setProperty("hazelcast.logging.type", "none");
            config.setProperty("hazelcast.wait.seconds.before.join", "1");
            config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
            config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
            config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
            config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
            config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true)
                    .addMember("127.0.0.1:15701").addMember("127.0.0.1:15702");
            VertxOptions options = new VertxOptions();
            options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
            Vertx vertx = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(config))
                    .buildClustered().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            vertx.eventBus().registerDefaultCodec(LogFrame.class, new LogFrameMessageCodec());
            return vertx;
        }

        /** Writes frames as {@code [length][payload]} and reads one acknowledgement byte per frame. */
        void overSocket(int frames) throws IOException {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            for (int i = 0; i < frames; i++) {
                out.writeInt(frame.size());
                out.write(frame.payload());
            }
            out.flush();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < frames; i++) {
                if (in.read() < 0) {
                    throw new EOFException("the socket's owner closed");
                }
            }
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            if (socket != null) {
                socket.close();
                socketOwner.close();
                return;
            }
            await(consumer.unregister());
            await(b.close());
            await(a.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** One frame handed over and acknowledged. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object latency(Nodes nodes) throws Exception {
        if (nodes.socket != null) {
            nodes.overSocket(1);
            return nodes;
        }
        return await(nodes.a.eventBus().request(ADDRESS, nodes.frame));
    }

    /** {@value #WINDOW} frames in flight; the score is frames per second. */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public Object window(Nodes nodes) throws Exception {
        if (nodes.socket != null) {
            nodes.overSocket(WINDOW);
            return nodes;
        }
        List<Future<Object>> inFlight = new ArrayList<>(WINDOW);
        for (int i = 0; i < WINDOW; i++) {
            inFlight.add(nodes.a.eventBus().<Object>request(ADDRESS, nodes.frame).map(reply -> reply.body()));
        }
        return await(Future.all(inFlight));
    }

    /** The socket limit's far end: reads each {@code [length][payload]} frame whole, answers one byte. */
    static final class FrameAcknowledger implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "frame-acknowledger");

        FrameAcknowledger() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket peer = server.accept()) {
                peer.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(peer.getInputStream(),
                        1 << 16));
                OutputStream out = peer.getOutputStream();
                byte[] payload = new byte[0];
                while (true) {
                    int length = in.readInt();
                    if (payload.length < length) {
                        payload = new byte[length];
                    }
                    in.readFully(payload, 0, length);
                    out.write(1);
                }
            } catch (IOException closed) {
                // the benchmark closed its socket
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
