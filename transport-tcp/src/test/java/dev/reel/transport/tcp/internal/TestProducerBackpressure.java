package dev.reel.transport.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.bus.LogFrame;
import dev.reel.rrd.RrdFrame;
import dev.reel.testing.IngestRecorder;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.eventbus.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A store slower than its producer: the producer's socket is paused while more than the window
 * ({@code window-bytes}) waits for acknowledgement, so unacknowledged bytes stay near the window instead of
 * growing to the whole stream, and everything still arrives, in order.
 */
class TestProducerBackpressure {
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
    void whileMoreThanTheWindowIsUnacknowledgedTheProducerIsPausedAndNothingIsLost() throws Exception {
        byte[] stream = Recordings.images("tcp_test", "backpressure", 400, IMAGE);
        List<RrdFrame> sent = Recordings.frames(stream);
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(),
                Map.of("window-bytes", Integer.toString(WINDOW)));
                SlowStore store = new SlowStore(tcp)) {
            assertThat(LoopbackClient.send(tcp.port(), stream)).isEqualTo(LoopbackClient.okAnswer(stream));
            assertThat(store.ingest.frames()).extracting(LogFrame::payload)
                    .containsExactlyElementsOf(sent.stream().map(RrdFrame::payload).toList());
            assertThat(store.mostUnacknowledged.get()).as("most bytes unacknowledged at once")
                    .isGreaterThan(WINDOW).isLessThanOrEqualTo(WINDOW + SLACK);
        }
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
