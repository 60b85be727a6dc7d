package dev.reel.transport.tcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.api.log.MessageKind;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import dev.reel.rrd.StreamHeader;
import dev.reel.store.ExportRequest;
import dev.reel.store.StoreSnapshot;
import dev.reel.testing.LeakCheckingAllocator;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Subscribers on a real TCP transport: it gets the hub's snapshot, then the frames published on
 * {@link ReelAddresses#LOG} numbered above the snapshot's sequence, each once; {@code SUBSCRIBE app rec} narrows
 * both to the recording and its application's blueprints. Here the test plays the store's part on the bus.
 */
class TestTcpSubscribers {
    private static final StoreId WANTED = StoreId.recording("tcp_test", "wanted");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @Test
    void aSubscriberGetsTheSnapshotThenLiveFramesEachOnce() throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of())) {
            byte[] stored = Recordings.scalars("tcp_test", "history", 40, true);
            Recordings.ingest(tcp.hub(), stored, arrow.allocator());
            List<String> history = history(tcp, ExportRequest.everything());
            List<LogFrame> live = Recordings.attributed(Recordings.scalars("tcp_test", "live", 16, false));
            long sequence = tcp.hub().sequence();
            try (Socket subscriber = LoopbackClient.connect(tcp.port())) {
                Subscription subscription = subscribe(subscriber, "SUBSCRIBE");
                // a frame the snapshot holds (its number is not above the snapshot's), then new ones
                publish(tcp, Recordings.attributed(stored).get(1), sequence);
                for (int i = 0; i < live.size(); i++) {
                    publish(tcp, live.get(i), sequence + 1 + i);
                }
                List<LogFrame> received = subscription.read(history.size() + live.size());
                assertThat(received.subList(0, history.size())).extracting(TestTcpSubscribers::kindAndStore)
                        .as("history").containsExactlyElementsOf(history);
                assertThat(received.subList(history.size(), received.size())).extracting(LogFrame::payload)
                        .as("live").containsExactlyElementsOf(live.stream().map(LogFrame::payload).toList());
            }
        }
    }

    @Test
    void aSubscriberOfOneRecordingGetsItAndItsApplicationsBlueprintsOnly() throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of())) {
            Recordings.ingest(tcp.hub(), Recordings.scalars("tcp_test", "wanted", 20, true), arrow.allocator());
            Recordings.ingest(tcp.hub(), Recordings.scalars("tcp_test", "other", 20, false), arrow.allocator());
            Recordings.ingest(tcp.hub(), Recordings.scalars("other_app", "wanted", 20, true), arrow.allocator());
            List<String> history = history(tcp, ExportRequest.recording(WANTED));
            assertThat(history).contains("ARROW_MSG " + WANTED)
                    .anyMatch(message -> message.startsWith("ARROW_MSG blueprint:tcp_test/"))
                    .allMatch(message -> message.endsWith(" " + WANTED) || message.contains(" blueprint:tcp_test/"));
            LogFrame otherRecording = firstOf(Recordings.scalars("tcp_test", "other", 1, false), false);
            LogFrame otherApplication = firstOf(Recordings.scalars("other_app", "wanted", 1, true), true);
            LogFrame blueprint = firstOf(Recordings.scalars("tcp_test", "another", 1, true), true);
            LogFrame wanted = firstOf(Recordings.scalars("tcp_test", "wanted", 1, false), false);
            long sequence = tcp.hub().sequence();
            try (Socket subscriber = LoopbackClient.connect(tcp.port())) {
                Subscription subscription = subscribe(subscriber, "SUBSCRIBE tcp_test wanted");
                publish(tcp, otherRecording, sequence + 1);
                publish(tcp, otherApplication, sequence + 2);
                publish(tcp, blueprint, sequence + 3);
                publish(tcp, wanted, sequence + 4);
                List<LogFrame> received = subscription.read(history.size() + 2);
                assertThat(received.subList(0, history.size())).extracting(TestTcpSubscribers::kindAndStore)
                        .containsExactlyElementsOf(history);
                assertThat(received.subList(history.size(), received.size())).extracting(LogFrame::payload)
                        .containsExactly(blueprint.payload(), wanted.payload());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SUBSCRIBE tcp_test", "SUBSCRIBE tcp_test wanted more", "SUBSCRIBEME"})
    void aBadSubscribeLineIsAnsweredAndClosed(String line) throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of());
                Socket socket = LoopbackClient.connect(tcp.port())) {
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            assertThat(LoopbackClient.readToEnd(socket))
                    .isEqualTo("ERROR expected SUBSCRIBE [applicationId recordingId]\n");
        }
    }

    @Test
    void aCommandLineThatNeverEndsIsClosedWithoutAnswer() throws Exception {
        try (RunningTcpTransport tcp = RunningTcpTransport.start(arrow.allocator(), Map.of());
                Socket socket = LoopbackClient.connect(tcp.port())) {
            socket.getOutputStream().write(("SUBSCRIBE " + "x".repeat(2000)).getBytes(StandardCharsets.UTF_8));
            assertThat(LoopbackClient.readToEndOrReset(socket)).isEmpty();
        }
    }

    /**
     * What a subscriber to {@code request} gets as history: the hub's snapshot, as the kind and store of each
     * message (a snapshot writes fresh row ids for store infos, so bytes differ from one to the next).
     */
    private static List<String> history(RunningTcpTransport tcp, ExportRequest request) {
        List<String> messages = new ArrayList<>();
        try (StoreSnapshot snapshot = tcp.hub().snapshot(request)) {
            snapshot.messages().forEachRemaining(message -> messages.add(message.kind() + " " + message.storeId()));
        }
        assertThat(messages).as("history").isNotEmpty();
        return messages;
    }

    private static String kindAndStore(LogFrame frame) {
        return frame.kind() + " " + frame.storeId();
    }

    /** The first Arrow message of a stream of a recording or, with {@code blueprint}, of its blueprint. */
    private static LogFrame firstOf(byte[] stream, boolean blueprint) throws IOException {
        return Recordings.attributed(stream).stream()
                .filter(frame -> frame.kind() == MessageKind.ARROW_MSG
                        && frame.storeId().isBlueprint() == blueprint)
                .findFirst().orElseThrow();
    }

    /** Publishes a frame on the log as the store does once it accepted it, numbered {@code sequence}. */
    private static void publish(RunningTcpTransport tcp, LogFrame frame, long sequence) {
        tcp.vertx().eventBus().publish(ReelAddresses.LOG, frame,
                new DeliveryOptions().addHeader(ReelAddresses.SEQUENCE, Long.toString(sequence)));
    }

    /**
     * Sends the line and reads the stream header the transport writes once the subscriber hears the live log:
     * what is published from then on reaches it.
     */
    private static Subscription subscribe(Socket socket, String line) throws IOException {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        Subscription subscription = new Subscription(socket.getInputStream());
        byte[] header = socket.getInputStream().readNBytes(StreamHeader.SIZE);
        subscription.push(header, header.length);
        return subscription;
    }

    /** The {@code .rrd} stream a subscriber receives, framed and attributed as it arrives. */
    private static final class Subscription {
        private final InputStream in;
        private final RrdStreamDecoder decoder = new RrdStreamDecoder("subscription", Integer.MAX_VALUE);
        private final StoreAttribution attribution = new StoreAttribution("subscription");
        private final List<LogFrame> frames = new ArrayList<>();

        Subscription(InputStream in) {
            this.in = in;
        }

        void push(byte[] bytes, int length) throws IOException {
            decoder.push(ByteBuffer.wrap(bytes, 0, length),
                    frame -> frames.add(attribution.attribute(frame).orElseThrow()));
        }

        /** Reads until {@code count} messages arrived (the socket's timeout bounds the wait). */
        List<LogFrame> read(int count) throws IOException {
            byte[] buffer = new byte[1 << 16];
            while (frames.size() < count) {
                int n = in.read(buffer);
                assertThat(n).as("the subscription ended after %d of %d messages", frames.size(), count)
                        .isNotNegative();
                push(buffer, n);
            }
            return List.copyOf(frames);
        }
    }
}
