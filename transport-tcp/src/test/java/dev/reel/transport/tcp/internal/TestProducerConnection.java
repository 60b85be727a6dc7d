package dev.reel.transport.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.rrd.RrdFrame;
import dev.reel.testing.Await;
import dev.reel.testing.IngestRecorder;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.eventbus.Message;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A producer's connection on a real TCP transport, with a stand-in store on the bus: the one answer line it
 * gets ({@code OK <messages> <bytes>} after it half-closes, {@code ERROR <kind>: <message>} with the byte offset
 * for bad framing or a message the store refuses), that the line survives a producer still writing, and
 * backpressure: with a store slower than its producer, the producer's socket is paused while more than the
 * window ({@code window-bytes}) waits for acknowledgement, so unacknowledged bytes stay near the window instead
 * of growing to the whole stream, and everything still arrives, in order.
 */
class TestProducerConnection {
    private static final String NOT_A_RECORDING = "hello, this is not a recording\n";
    private static final int WINDOW = 256 << 10;
    private static final int IMAGE = 64 << 10;
    /**
     * What may be in flight beyond the window: the messages completed by the read that crossed it (the server
     * reads up to its 1 MiB receive buffer at a time) and the message that read finished.
     */
    private static final long SLACK = (1 << 20) + 2L * IMAGE;

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @Test
    void aCompleteStreamIsAnsweredOkWithItsMessagesAndBytes() throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of());
                IngestRecorder ingest = IngestRecorder.listen(tcp.vertx(), IngestRecorder.ACKNOWLEDGE)) {
            assertTakenWhole(Recordings.scalars("tcp_test", "complete", 40, true), tcp, ingest);
        }
    }

    @Test
    void concatenatedStreamsAreOneProducersStream() throws Exception {
        byte[] first = Recordings.scalars("tcp_test", "first", 10, false);
        byte[] second = Recordings.scalars("other_app", "second", 10, true);
        byte[] both = Recordings.concat(first, second);
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of());
                IngestRecorder ingest = IngestRecorder.listen(tcp.vertx(), IngestRecorder.ACKNOWLEDGE)) {
            assertThat(LoopbackClient.send(tcp.port(), both)).isEqualTo(LoopbackClient.okAnswer(both));
            assertThat(ingest.frames()).hasSize(Recordings.frames(first).size() + Recordings.frames(second).size());
        }
    }

    @Test
    void bytesThatAreNoRrdStreamAreAnsweredWithTheKindAndOffset() throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of());
                IngestRecorder ingest = IngestRecorder.listen(tcp.vertx(), IngestRecorder.ACKNOWLEDGE)) {
            assertThat(LoopbackClient.send(tcp.port(), NOT_A_RECORDING.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("ERROR not-an-rrd: at byte 0: expected the RRF2 magic of a Rerun stream, found 'hell'\n");
            assertThat(ingest.frames()).isEmpty();
        }
    }

    @Test
    void aStreamCutInsideAMessageIsAnsweredTruncatedAtThatMessage() throws Exception {
        byte[] stream = Recordings.scalars("tcp_test", "cut", 40, false);
        RrdFrame cutOne = Recordings.frames(stream).get(3);
        int present = cutOne.payload().length / 2;
        byte[] cut = Arrays.copyOf(stream, Math.toIntExact(cutOne.payloadOffset()) + present);
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of());
                IngestRecorder ingest = IngestRecorder.listen(tcp.vertx(), IngestRecorder.ACKNOWLEDGE)) {
            assertThat(LoopbackClient.send(tcp.port(), cut)).isEqualTo("ERROR truncated: at byte " + cutOne.offset()
                    + ": input ends inside a message of " + cutOne.payload().length + " bytes (" + present
                    + " present)\n");
            // the answer does not wait for the store: the frames sent before the cut may still be on their way
            assertThat(ingest.awaitFrames(3, Await.TIMEOUT)).as("the messages before the cut").hasSize(3);
        }
    }

    @Test
    void aMessageAboveTheLimitIsRefusedFromItsHeader() throws Exception {
        byte[] stream = Recordings.images("tcp_test", "large", 2, 4096);
        RrdFrame image = Recordings.frames(stream).get(1);
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(),
                Map.of("max-message-bytes", "1024"));
                IngestRecorder ingest = IngestRecorder.listen(tcp.vertx(), IngestRecorder.ACKNOWLEDGE)) {
            assertThat(LoopbackClient.send(tcp.port(), stream)).isEqualTo("ERROR message-too-large: at byte "
                    + image.offset() + ": message declares " + image.payload().length + " bytes; the limit is 1024\n");
            assertThat(ingest.awaitFrames(1, Await.TIMEOUT)).as("the store info before it").hasSize(1);
        }
    }

    @Test
    void aMessageTheStoreRefusesIsAnsweredWithTheStoresReason() throws Exception {
        byte[] stream = Recordings.scalars("tcp_test", "refused", 40, false);
        IngestRecorder.Answer refuseTheSecond = (request, index) -> {
            if (index == 1) {
                request.fail(ReelAddresses.REFUSED, "bad-chunk: at byte " + request.body().offset() + ": no row ids");
            } else {
                request.reply(null);
            }
        };
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of());
                IngestRecorder ingest = IngestRecorder.listen(tcp.vertx(), refuseTheSecond)) {
            String answer = LoopbackClient.send(tcp.port(), stream);
            assertThat(answer).isEqualTo("ERROR bad-chunk: at byte " + ingest.frames().get(1).offset()
                    + ": no row ids\n");
        }
    }

    @Test
    void theAnswerIsNotLostToAProducerThatKeepsWriting() throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of());
                Socket socket = LoopbackClient.connect(tcp.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(NOT_A_RECORDING.getBytes(StandardCharsets.UTF_8));
            // far more than the socket buffers hold: the server must read it all for the writer to finish
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    byte[] more = new byte[64 << 10];
                    for (int i = 0; i < 512; i++) {
                        out.write(more);
                    }
                    socket.shutdownOutput();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(LoopbackClient.readToEnd(socket))
                    .isEqualTo("ERROR not-an-rrd: at byte 0: expected the RRF2 magic of a Rerun stream, found 'hell'\n");
            writing.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void aProducerThatNeverHalfClosesIsClosedAfterTheDrainTime() throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of("drain-ms", "200"));
                Socket socket = LoopbackClient.connect(tcp.port())) {
            socket.getOutputStream().write(NOT_A_RECORDING.getBytes(StandardCharsets.UTF_8));
            assertThat(LoopbackClient.readToEnd(socket))
                    .isEqualTo("ERROR not-an-rrd: at byte 0: expected the RRF2 magic of a Rerun stream, found 'hell'\n");
        }
    }

    @Test
    void inputThatEndsBeforeItsKindIsKnownIsAProducersStream() throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of())) {
            assertThat(LoopbackClient.send(tcp.port(), "SUB".getBytes(StandardCharsets.US_ASCII)))
                    .isEqualTo("ERROR not-an-rrd: at byte 0: input is empty or shorter than a stream header\n");
        }
    }

    @Test
    void whileMoreThanTheWindowIsUnacknowledgedTheProducerIsPausedAndNothingIsLost() throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(),
                Map.of("window-bytes", Integer.toString(WINDOW)));
                SlowStore store = new SlowStore(tcp)) {
            assertTakenWhole(Recordings.images("tcp_test", "backpressure", 400, IMAGE), tcp, store.ingest);
            assertThat(store.mostUnacknowledged.get()).as("most bytes unacknowledged at once")
                    .isGreaterThan(WINDOW).isLessThanOrEqualTo(WINDOW + SLACK);
        }
    }

    /** Sends a complete stream: it is answered OK, and every message reached the store as sent, in order. */
    private static void assertTakenWhole(byte[] stream, RunningTcpTransport tcp, IngestRecorder ingest)
            throws Exception {
        List<RrdFrame> sent = Recordings.frames(stream);
        assertThat(LoopbackClient.send(tcp.port(), stream)).isEqualTo(LoopbackClient.okAnswer(stream));
        assertThat(ingest.frames()).extracting(LogFrame::offset)
                .containsExactlyElementsOf(sent.stream().map(RrdFrame::offset).toList());
        assertThat(ingest.frames()).extracting(LogFrame::payload)
                .containsExactlyElementsOf(sent.stream().map(RrdFrame::payload).toList());
    }

    /**
     * Acknowledges one frame per millisecond, in order (64 MB/s for these frames: a producer on loopback is
     * much faster), and keeps the most payload bytes that were ever waiting for acknowledgement.
     */
    private static final class SlowStore implements AutoCloseable {
        final AtomicLong mostUnacknowledged = new AtomicLong();
        final IngestRecorder ingest;
        private final RunningTcpTransport tcp;
        /** Confined to the recorder's event loop, as are the timers it sets. */
        private final Deque<Message<LogFrame>> waiting = new ArrayDeque<>();
        private long unacknowledged;

        SlowStore(RunningTcpTransport tcp) {
            this.tcp = tcp;
            this.ingest = IngestRecorder.listen(tcp.vertx(), (request, index) -> received(request));
        }

        private void received(Message<LogFrame> request) {
            waiting.addLast(request);
            unacknowledged += request.body().size();
            mostUnacknowledged.accumulateAndGet(unacknowledged, Math::max);
            if (waiting.size() == 1) {
                tcp.vertx().setTimer(1, id -> acknowledgeNext());
            }
        }

        private void acknowledgeNext() {
            Message<LogFrame> next = waiting.removeFirst();
            unacknowledged -= next.body().size();
            next.reply(null);
            if (!waiting.isEmpty()) {
                tcp.vertx().setTimer(1, id -> acknowledgeNext());
            }
        }

        @Override
        public void close() {
            ingest.close();
        }
    }
}
