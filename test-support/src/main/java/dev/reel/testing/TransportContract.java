package dev.reel.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.LogFrameMessageCodec;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.Endpoint;
import dev.reel.api.spi.RecordingCodec;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.api.spi.Transport;
import dev.reel.api.spi.TransportContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules every {@link Transport} follows, on real sockets on loopback. A transport's test extends this class
 * and says how to make the transport:
 *
 * <pre>{@code
 * class TestMyTransportContract extends TransportContract {
 *     @Override
 *     protected Transport newTransport() {
 *         return new MyTransport();
 *     }
 * }
 * }</pre>
 *
 * <p>Every transport: {@code start} binds the host it is given ({@code 127.0.0.1} here) and, for port 0, a free
 * port that its {@link Endpoint} reports and where clients connect; a second {@code start} without {@code stop}
 * fails its future (it does not throw), also while the first is still binding, and leaves the first serving; a
 * {@code start} that cannot bind fails and leaves the transport startable; {@code stop} completes and releases the
 * port (a new server can bind it; Vert.x may free it a moment after its close completes, which the suite waits
 * for, bounded), and is a no-op when not started; the transport starts again after a stop; {@code name()} is
 * stable and not blank.
 *
 * <p>A transport that takes {@code .rrd} streams also overrides {@link #rrdProducer()}: the suite then sends
 * streams of {@link SampleRecording}s and checks, with an {@link IngestRecorder} standing in for the store, that
 * every message arrives on {@link ReelAddresses#INGEST} as a {@link LogFrame}, in order and attributed to its
 * store (also for a stream in Rerun 0.24's framing, whose messages name no application:
 * {@link LegacyFraming}), and that a message the store refuses makes the transport refuse the stream.
 *
 * <p>Each test gets a fresh {@link #vertx()} with {@link LogFrameMessageCodec} registered, closed after the
 * test together with every transport it started.
 */
public abstract class TransportContract {
    /** The address transports bind in these tests. */
    protected static final String HOST = "127.0.0.1";

    /**
     * How the data tests reach a transport that takes {@code .rrd} streams: the codec that writes the streams,
     * and how a producer sends one.
     */
    public interface RrdProducer {
        /** Writes the streams the tests send (Reel's own: {@code new RrdCodec()} from {@code reel-rrd-codec}). */
        RecordingCodec codec();

        /**
         * Sends one complete stream to the endpoint as a producer does and returns once the transport answered:
         * empty if it took the whole stream, else the reason it refused it, as the producer is told (for Reel's
         * TCP transport, the {@code ERROR <kind>: <message>} line).
         */
        Optional<String> send(Endpoint endpoint, byte[] stream) throws IOException;
    }

    @RegisterExtension
    protected final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private final List<Transport> transports = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Vertx vertx;

    /** A new, stopped transport; a test may ask for more than one. */
    protected abstract Transport newTransport() throws Exception;

    /** The transport's settings ({@code reel.transport.<name>.*} without the prefix); none by default. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** For a transport that takes {@code .rrd} streams: how to send them. Empty (the default) skips the data tests. */
    protected Optional<RrdProducer> rrdProducer() {
        return Optional.empty();
    }

    /** This test's Vert.x instance, the one transports are started with. */
    protected final Vertx vertx() {
        return vertx;
    }

    /**
     * Closes {@code resource} after the test, once its transports are stopped and before Arrow memory is checked:
     * for what {@link #newTransport()} builds a transport with (a store hub, a pool).
     */
    protected final <T extends AutoCloseable> T closeAfterTest(T resource) {
        resources.add(resource);
        return resource;
    }

    /** What the platform would pass to {@code start}: this test's Vert.x, {@link #HOST}, the port and the settings. */
    protected final TransportContext context(int port) {
        return new TransportContext(vertx, HOST, port, settings());
    }

    @BeforeEach
    final void createVertx() {
        vertx = Vertx.vertx();
        vertx.eventBus().registerDefaultCodec(LogFrame.class, new LogFrameMessageCodec());
    }

    @AfterEach
    final void stopTransportsAndVertx() throws Exception {
        try {
            for (Transport transport : transports) {
                Await.result(transport.stop());
            }
        } finally {
            Await.result(vertx.close());
            for (AutoCloseable resource : resources) {
                resource.close();
            }
        }
    }

    @Test
    void startBindsTheGivenHostAndAFreePortWhereClientsConnect() throws Exception {
        Endpoint endpoint = start(transport(), 0);
        assertThat(endpoint.host()).isEqualTo(HOST);
        assertThat(endpoint.port()).isPositive();
        assertThat(endpoint.protocol()).isNotBlank();
        assertAccepts(endpoint.port());
    }

    @Test
    void aSecondStartWithoutStopFailsAndTheFirstKeepsServing() throws Exception {
        Transport transport = transport();
        Endpoint endpoint = start(transport, 0);
        Future<Endpoint> second = transport.start(context(0));
        assertThat(Await.failure(second)).isNotNull();
        assertAccepts(endpoint.port());
    }

    @Test
    void aSecondStartWhileTheFirstIsBindingFails() throws Exception {
        Transport transport = transport();
        Future<Endpoint> first = transport.start(context(0));
        Future<Endpoint> second = transport.start(context(0));
        assertThat(Await.failure(second)).isNotNull();
        assertAccepts(Await.result(first).port());
    }

    @Test
    void aStartThatCannotBindFailsAndLeavesTheTransportStartable() throws Exception {
        Transport transport = transport();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            assertThat(Await.failure(transport.start(context(taken.getLocalPort())))).isNotNull();
        }
        assertAccepts(start(transport, 0).port());
    }

    @Test
    void stopCompletesAndReleasesThePort() throws Exception {
        Transport transport = transport();
        Endpoint endpoint = start(transport, 0);
        Await.result(transport.stop());
        assertReleased(endpoint.port());
    }

    @Test
    void stopIsANoOpWhenNotStarted() throws Exception {
        Transport transport = transport();
        Await.result(transport.stop());
        start(transport, 0);
        Await.result(transport.stop());
        Await.result(transport.stop());
    }

    @Test
    void startAfterStopServesAgain() throws Exception {
        Transport transport = transport();
        start(transport, 0);
        Await.result(transport.stop());
        assertAccepts(start(transport, 0).port());
    }

    @Test
    void nameIsStableAndNotBlank() throws Exception {
        Transport transport = transport();
        String name = transport.name();
        assertThat(name).isNotBlank();
        start(transport, 0);
        assertThat(transport.name()).isEqualTo(name);
        Await.result(transport.stop());
        assertThat(transport.name()).isEqualTo(name);
        assertThat(newTransport().name()).isEqualTo(name);
    }

    @Test
    void everyMessageOfAStreamArrivesOnIngestInOrderAttributedToItsStore() throws Exception {
        Delivery delivery = deliver(UnaryOperator.identity(), IngestRecorder.ACKNOWLEDGE, Integer.MAX_VALUE);
        assertThat(delivery.refusal()).as("refusal").isEmpty();
        assertArrivedInOrder(delivery.frames(), delivery.sent());
        assertThat(delivery.frames()).extracting(LogFrame::isStatic)
                .containsExactlyElementsOf(delivery.sent().stream().map(LogFrame::isStatic).toList());
    }

    @Test
    void aStreamInRerun024FramingIsAttributedToTheApplicationsItsStoreInfosName() throws Exception {
        Delivery delivery = deliver(LegacyFraming::of, IngestRecorder.ACKNOWLEDGE, Integer.MAX_VALUE);
        assertThat(delivery.refusal()).as("refusal").isEmpty();
        assertArrivedInOrder(delivery.frames(), delivery.sent());
    }

    @Test
    void aMessageTheStoreRefusesMakesTheTransportRefuseTheStream() throws Exception {
        int refused = 2;
        String reason = "refused by the contract's store";
        IngestRecorder.Answer refuseOne = (request, index) -> {
            if (index == refused) {
                request.fail(ReelAddresses.REFUSED, "bad-chunk: at byte " + request.body().offset() + ": " + reason);
            } else {
                request.reply(null);
            }
        };
        Delivery delivery = deliver(UnaryOperator.identity(), refuseOne, refused + 1);
        long offset = delivery.frames().get(refused).offset();
        assertThat(delivery.refusal()).as("the transport's refusal").hasValueSatisfying(
                text -> assertThat(text).contains("bad-chunk: at byte " + offset + ": " + reason));
    }

    /**
     * What sending a stream produced: the transport's refusal (empty if it took the stream), the frames that
     * arrived on {@link ReelAddresses#INGEST}, and the messages the stream held, as frames without payload.
     */
    private record Delivery(Optional<String> refusal, List<LogFrame> frames, List<LogFrame> sent) {}

    /**
     * Starts a transport and sends it the stream of two {@link SampleRecording}s, {@code framed} (as written, or
     * rewritten), with {@code answer} standing in for the store; waits for the first {@code frames} frames on
     * {@link ReelAddresses#INGEST} (at most the stream's messages).
     */
    private Delivery deliver(UnaryOperator<byte[]> framed, IngestRecorder.Answer answer, int frames)
            throws Exception {
        RrdProducer producer = producer();
        List<LogMsg> messages = SampleRecording.twoRecordings(arrow.allocator());
        try (IngestRecorder ingest = IngestRecorder.listen(vertx, answer)) {
            List<LogFrame> sent = messages.stream().map(message -> new LogFrame("sent", LogFrame.UNKNOWN_OFFSET,
                    message.kind(), message.storeId(), message instanceof ArrowMsg arrowMsg
                    && arrowMsg.chunk().isStatic(), new byte[0])).toList();
            Endpoint endpoint = start(transport(), 0);
            Optional<String> refusal = producer.send(endpoint, framed.apply(written(producer.codec(), messages)));
            return new Delivery(refusal, ingest.awaitFrames(Math.min(frames, sent.size()), Await.TIMEOUT), sent);
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    private Transport transport() throws Exception {
        Transport transport = newTransport();
        transports.add(transport);
        return transport;
    }

    private Endpoint start(Transport transport, int port) {
        return Await.result(transport.start(context(port)));
    }

    private RrdProducer producer() {
        Optional<RrdProducer> producer = rrdProducer();
        assumeThat(producer).as("the transport takes .rrd streams (rrdProducer)").isPresent();
        return producer.get();
    }

    private static void assertAccepts(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), (int) Await.TIMEOUT.toMillis());
        }
    }

    /**
     * Waits until a new server can bind the port. Vert.x 5 completes a server's close when Netty has closed the
     * channel, but the JDK closes a listening socket registered with a selector only at the acceptor's next
     * select, so the port can stay taken for a moment after {@code stop} completes; hence the bounded polling.
     */
    private static void assertReleased(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        while (true) {
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(HOST, port));
                return;
            } catch (IOException stillTaken) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("port " + port + " is still taken " + Await.TIMEOUT.toSeconds()
                            + " s after stop", stillTaken);
                }
                Thread.sleep(10);
            }
        }
    }

    private static byte[] written(RecordingCodec codec, List<LogMsg> messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (RecordingEncoder encoder = codec.newEncoder(out)) {
            for (LogMsg message : messages) {
                encoder.write(message);
            }
        }
        return out.toByteArray();
    }

    private static void assertArrivedInOrder(List<LogFrame> frames, List<LogFrame> sent) {
        assertThat(frames).extracting(LogFrame::kind)
                .containsExactlyElementsOf(sent.stream().map(LogFrame::kind).toList());
        assertThat(frames).extracting(LogFrame::storeId)
                .containsExactlyElementsOf(sent.stream().map(LogFrame::storeId).toList());
        assertThat(frames).extracting(LogFrame::offset).as("offsets in the stream").isSorted().doesNotHaveDuplicates();
        assertThat(frames).extracting(LogFrame::source).allSatisfy(source -> assertThat(source).isNotBlank());
    }
}
