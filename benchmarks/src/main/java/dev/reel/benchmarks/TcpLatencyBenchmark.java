package dev.reel.benchmarks;

import dev.reel.rrd.StreamHeader;
import dev.reel.transport.tcp.RrdTcpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * End-to-end latency on loopback: a producer connection writes one single-row scalar chunk (about 1 KB), and
 * the time is taken until a subscriber connection has read that message. Through Reel the message is framed by
 * the TCP server, decoded and stored by the viewer store, then framed again for the subscriber; the limit is
 * {@link RawLoopback} relaying the same bytes from the producer's socket to the subscriber's with one thread.
 * The subscriber frames what it reads with the codec's push decoder in both cases.
 *
 * <p>One operation is one message ({@link Mode#SampleTime}: percentiles are in the result). Messages go out at
 * a modest rate: the invocation's setup sleeps 1 ms before each, so the server is idle between messages.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TcpLatencyBenchmark extends BenchmarkDefaults {
    /** Messages per recording; a new recording starts on the same connection when they run out. */
    static final int MESSAGES_PER_RECORDING = 20_000;

    /** A producer and a subscriber connection, and the messages still to send. */
    abstract static class Connections {
        Socket producer;
        Socket subscriber;
        SubscriberReader reader;
        ProducerStream stream;
        int recordings;
        /** The next message of {@link #stream} to send (1 is the first chunk; 0 is SetStoreInfo). */
        int next;
        /** Messages the subscriber has read when the next one is through. */
        long expected;

        /** Opens both connections; the subscriber is reading when this returns. */
        void open(Socket producerSocket, Socket subscriberSocket) throws IOException {
            producer = producerSocket;
            subscriber = subscriberSocket;
            reader = new SubscriberReader(subscriber.getInputStream());
            stream = ProducerStream.scalars("latency-" + recordings++, MESSAGES_PER_RECORDING, 32);
            producer.getOutputStream().write(stream.bytes(), 0, stream.headerLength());
            producer.getOutputStream().flush();
            expected = 1;
            reader.awaitMessages(expected);
            next = 1;
        }

        /** Paces the messages and starts a new recording (outside the timing) when this one is used up. */
        @Setup(Level.Invocation)
        public void pace() throws IOException, InterruptedException {
            if (next > stream.chunks()) {
                stream = ProducerStream.scalars("latency-" + recordings++, MESSAGES_PER_RECORDING, 32);
                // the new recording's SetStoreInfo, on the same stream (no second stream header)
                producer.getOutputStream().write(stream.bytes(), StreamHeader.SIZE,
                        stream.headerLength() - StreamHeader.SIZE);
                expected++;
                reader.awaitMessages(expected);
                next = 1;
            }
            Thread.sleep(1);
        }

        /** Sends the next message and waits until the subscriber has read it. */
        long roundTrip() throws IOException {
            int[] ends = stream.messageEnds();
            OutputStream out = producer.getOutputStream();
            out.write(stream.bytes(), ends[next - 1], ends[next] - ends[next - 1]);
            out.flush();
            next++;
            expected++;
            reader.awaitMessages(expected);
            return expected;
        }

        void closeConnections() throws IOException {
            producer.close();
            subscriber.close();
        }
    }

    @State(Scope.Thread)
    public static class ThroughReel extends Connections {
        Path temp;
        InProcessReel reel;

        @Setup(Level.Trial)
        public void start() throws Exception {
            temp = Files.createTempDirectory("reel-benchmark-latency");
            reel = InProcessReel.start(temp, Map.of());
            Socket subscriber = RrdTcpClient.subscribe("127.0.0.1", reel.tcpPort(), null, null);
            open(RawLoopback.connect(reel.tcpPort()), subscriber);
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            closeConnections();
            reel.close();
            Folders.delete(temp);
        }
    }

    @State(Scope.Thread)
    public static class ThroughRelay extends Connections {
        RawLoopback relay;

        @Setup(Level.Trial)
        public void start() throws IOException {
            relay = RawLoopback.relaying();
            Socket producer = RawLoopback.connect(relay.port());
            open(producer, RawLoopback.connect(relay.port()));
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            closeConnections();
            relay.close();
        }
    }

    /** Producer to subscriber through Reel's TCP server and viewer store. */
    @Benchmark
    public long reel(ThroughReel connections) throws IOException {
        return connections.roundTrip();
    }

    /** The limit: producer to subscriber through one relaying thread on plain sockets. */
    @Benchmark
    public long rawLoopbackRelay(ThroughRelay connections) throws IOException {
        return connections.roundTrip();
    }
}
