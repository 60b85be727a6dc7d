package dev.reel.store.internal;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.LogFrameMessageCodec;
import dev.reel.api.platform.Cluster;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.feed.StoreFollower;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's side of a cluster read: a reader on another node asks this node ({@link #address}) for what it holds
 * of a recording, or of everything, and gets it as {@link LogFrame}s sent to an address of its own, the history
 * first and then, when it follows, the live frames: a {@link StoreFollower} of this node's hub writing to the
 * event bus. The reader acknowledges what it has written out; no more than the reader's queue limit is ever sent
 * and not acknowledged, so a slow reader slows only its own feed, and one too far behind is dropped as a local
 * one would be. A feed ends when its reader closes it or its reader's node leaves the cluster. An event-loop
 * verticle.
 */
final class FeedServer extends AbstractVerticle implements Cluster.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(FeedServer.class);
    /** Header of control messages of a feed: {@link #END}, {@link #ERROR}; data messages have none. */
    static final String CONTROL = "reel.feed";
    static final String END = "end";
    static final String ERROR = "error";
    /** An acknowledgement of this many bytes closes the feed. */
    static final long CLOSE = -1;
    private static final LogFrameMessageCodec WIRE = new LogFrameMessageCodec();

    private final StoreHub hub;
    private final TransportCodec codec;
    private final Cluster cluster;
    /** Feeds being served, by their acknowledgement address. */
    private final Map<String, Served> served = new HashMap<>();
    private MessageConsumer<JsonObject> requests;

    private record Served(String reader, StoreFollower follower, BusOutput output, MessageConsumer<Long> acks) {}

    FeedServer(StoreHub hub, TransportCodec codec, Cluster cluster) {
        this.hub = hub;
        this.codec = codec;
        this.cluster = cluster;
    }

    /** Where a node takes requests for feeds. */
    static String address(String nodeId) {
        return "reel.feed." + nodeId;
    }

    /** The request for a feed, as {@link ClusterFeeds} sends it. */
    static JsonObject request(StoreFollower.Request request, String to, String reader, String source) {
        JsonObject json = new JsonObject().put("live", request.live()).put("queue", request.queueLimitBytes())
                .put("to", to).put("reader", reader).put("source", source);
        request.recording().ifPresent(id -> json.put("application_id", id.applicationId().value())
                .put("recording_id", id.recordingId().value()));
        return json;
    }

    /** A frame as it travels to a remote reader. */
    static Buffer wire(LogFrame frame) {
        Buffer buffer = Buffer.buffer(frame.size() + 128);
        WIRE.encodeToWire(buffer, frame);
        return buffer;
    }

    static LogFrame unwire(Buffer buffer) {
        return WIRE.decodeFromWire(0, buffer);
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
        cluster.addListener(this);
        requests = vertx.eventBus().consumer(address(cluster.nodeId()), this::open);
        requests.completion().onComplete(started);
    }

    private void open(Message<JsonObject> message) {
        JsonObject body = message.body();
        Optional<StoreId> recording = Optional.ofNullable(body.getString("recording_id")).map(id -> new StoreId(
                StoreKind.RECORDING, ApplicationId.of(body.getString("application_id")), RecordingId.of(id)));
        StoreFollower.Request request = new StoreFollower.Request(recording, body.getBoolean("live"),
                body.getLong("queue"));
        String reader = body.getString("reader");
        String source = "cluster reader on " + reader + " (" + body.getString("source") + ")";
        String ackAddress = "reel.feed.ack." + UUID.randomUUID();
        BusOutput output = new BusOutput(vertx.eventBus(), body.getString("to"));
        StoreFollower follower = StoreFollower.start(vertx, hub, codec, output, FeedServer::wire, request, source,
                error -> {
                    DeliveryOptions control = new DeliveryOptions().addHeader(CONTROL, error.isEmpty() ? END : ERROR);
                    vertx.eventBus().send(body.getString("to"), Buffer.buffer(error.orElse("")), control);
                    stop(ackAddress);
                });
        MessageConsumer<Long> acks = vertx.eventBus().consumer(ackAddress, ack -> {
            if (ack.body() == CLOSE) {
                Served feed = served.get(ackAddress);
                if (feed != null) {
                    feed.follower().close();
                }
                stop(ackAddress);
            } else {
                output.acknowledged(ack.body());
            }
        });
        served.put(ackAddress, new Served(reader, follower, output, acks));
        acks.completion().onComplete(registered -> message.reply(new JsonObject().put("ack", ackAddress)));
    }

    private void stop(String ackAddress) {
        Served feed = served.remove(ackAddress);
        if (feed != null) {
            feed.acks().unregister();
        }
    }

    @Override
    public void memberJoined(String nodeId) {
    }

    @Override
    public void memberLeft(String nodeId) {
        context.runOnContext(v -> Map.copyOf(served).forEach((ack, feed) -> {
            if (feed.reader().equals(nodeId)) {
                LOG.info("cluster: reader node {} left: its feed stops after {} messages", nodeId,
                        feed.follower().sent());
                feed.follower().close();
                stop(ack);
            }
        }));
    }

    @Override
    public void stop() {
        cluster.removeListener(this);
        served.values().forEach(feed -> feed.follower().close());
        Map.copyOf(served).keySet().forEach(this::stop);
        if (requests != null) {
            requests.unregister();
        }
    }

    /**
     * Sends what is written to the reader's address; full while more than the queue limit is sent and not yet
     * acknowledged.
     */
    static final class BusOutput implements WriteStream<Buffer> {
        private final EventBus bus;
        private final String to;
        private long unacknowledged;
        private int maxSize = 8 << 20;
        private Handler<Void> drain;

        BusOutput(EventBus bus, String to) {
            this.bus = bus;
            this.to = to;
        }

        void acknowledged(long bytes) {
            boolean wasFull = writeQueueFull();
            unacknowledged -= bytes;
            if (wasFull && !writeQueueFull() && drain != null) {
                drain.handle(null);
            }
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Future<Void> write(Buffer data) {
            unacknowledged += data.length();
            bus.send(to, data);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            return Future.succeededFuture();
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            this.maxSize = maxSize;
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return unacknowledged >= maxSize;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            this.drain = handler;
            return this;
        }
    }
}
