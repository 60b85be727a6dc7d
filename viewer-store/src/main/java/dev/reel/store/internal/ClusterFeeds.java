package dev.reel.store.internal;

import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.platform.Cluster;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.feed.StoreFeed;
import dev.reel.store.feed.StoreFeeds;
import dev.reel.store.feed.StoreFollower;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer store's {@link StoreFeeds}: on a node on its own, a {@link StoreFollower} of the hub; in a cluster, a
 * merge of one part per node that holds what the reader asked for (the recording's owner and its application's
 * blueprints' owner; every member for everything): this node's part is a local follower, another node's a feed
 * that node serves ({@link FeedServer}). Parts write whole messages into the one output, each store's in its own
 * order. A live reader of a recording nobody owns yet claims its owner, so the data it waits for comes to that node.
 */
final class ClusterFeeds implements StoreFeeds {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFeeds.class);
    /** A remote part acknowledges what it wrote once this much has been. */
    private static final long ACK_BYTES = 256 << 10;

    private final Vertx vertx;
    private final StoreHub hub;
    private final TransportCodec codec;
    private final Cluster cluster;
    private final RecordingOwners owners;

    ClusterFeeds(Vertx vertx, StoreHub hub, TransportCodec codec, Cluster cluster, RecordingOwners owners) {
        this.vertx = vertx;
        this.hub = hub;
        this.codec = codec;
        this.cluster = cluster;
        this.owners = owners;
    }

    @Override
    public StoreFeed follow(WriteStream<Buffer> output, Function<LogFrame, Buffer> framing,
            StoreFollower.Request request, String source, Consumer<Optional<String>> onEnd) {
        if (!cluster.clustered()) {
            return StoreFeeds.local(hub, codec).follow(output, framing, request, source, onEnd);
        }
        Merged merged = new Merged(output, framing, request, source, onEnd);
        nodesFor(request).onComplete(nodes -> {
            if (nodes.succeeded()) {
                merged.start(nodes.result());
            } else {
                merged.end(Optional.of("cannot find the nodes holding the data: " + nodes.cause().getMessage()));
            }
        });
        return merged;
    }

    /** The nodes holding what the reader asked for (this one when nobody does yet: nothing to read but live). */
    private Future<Set<String>> nodesFor(StoreFollower.Request request) {
        if (request.recording().isEmpty()) {
            return Future.succeededFuture(new LinkedHashSet<>(cluster.members()));
        }
        StoreId recording = request.recording().get();
        StoreId blueprints = new StoreId(StoreKind.BLUEPRINT, recording.applicationId(), recording.recordingId());
        Future<Optional<String>> recordingOwner = request.live() ? owners.claim(recording).map(Optional::of)
                : owners.ownerOf(recording);
        Future<Optional<String>> blueprintOwner = owners.ownerOf(blueprints);
        return Future.all(recordingOwner, blueprintOwner).map(both -> {
            Set<String> nodes = new LinkedHashSet<>();
            recordingOwner.result().ifPresent(nodes::add);
            blueprintOwner.result().ifPresent(nodes::add);
            if (nodes.isEmpty()) {
                nodes.add(cluster.nodeId());
            }
            return nodes;
        });
    }

    /** One reader's merge of parts, confined to the context that started it. */
    private final class Merged implements StoreFeed, Cluster.Listener {
        private final WriteStream<Buffer> output;
        private final Function<LogFrame, Buffer> framing;
        private final StoreFollower.Request request;
        private final String source;
        private final Consumer<Optional<String>> onEnd;
        private final Context context = vertx.getOrCreateContext();
        private final List<Part> parts = new ArrayList<>();
        private final List<Handler<Void>> drainHandlers = new ArrayList<>();
        private boolean closed;

        Merged(WriteStream<Buffer> output, Function<LogFrame, Buffer> framing, StoreFollower.Request request,
                String source, Consumer<Optional<String>> onEnd) {
            this.output = output;
            this.framing = framing;
            this.request = request;
            this.source = source;
            this.onEnd = onEnd;
            output.setWriteQueueMaxSize((int) Math.min(Integer.MAX_VALUE, request.queueLimitBytes()));
            output.drainHandler(v -> List.copyOf(drainHandlers).forEach(h -> h.handle(null)));
        }

        void start(Set<String> nodes) {
            if (closed) {
                return;
            }
            cluster.addListener(this);
            LOG.info("{}: reading{} from {} node(s){}", source, request.recording().map(id -> " " + id).orElse(""),
                    nodes.size(), request.live() ? ", live" : "");
            for (String node : nodes) {
                parts.add(node.equals(cluster.nodeId()) ? new LocalPart() : new RemotePart(node));
            }
            List.copyOf(parts).forEach(Part::start);
        }

        @Override
        public long sent() {
            return parts.stream().mapToLong(Part::sent).sum();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                cluster.removeListener(this);
                parts.forEach(Part::close);
            }
        }

        void partEnded(Part part, Optional<String> error) {
            if (closed) {
                return;
            }
            part.ended = true;
            if (error.isPresent() || parts.stream().allMatch(p -> p.ended)) {
                end(error);
            }
        }

        void end(Optional<String> error) {
            if (!closed) {
                close();
                error.ifPresent(message -> LOG.warn("{}: dropping the reader: {}", source, message));
                onEnd.accept(error);
            }
        }

        @Override
        public void memberJoined(String nodeId) {
        }

        @Override
        public void memberLeft(String nodeId) {
            context.runOnContext(v -> parts.stream().filter(p -> p.node().equals(nodeId)).findFirst()
                    .ifPresent(p -> partEnded(p, Optional.of("node " + nodeId + " left the cluster"))));
        }

        /**
         * The output as one part sees it: writes go through to the output, and the output's drain is told to every
         * part's drain handler.
         */
        private final class PartOutput implements WriteStream<Buffer> {
            private Handler<Void> drain = v -> { };

            PartOutput() {
                drainHandlers.add(v -> drain.handle(null));
            }

            @Override
            public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
                return this;
            }

            @Override
            public Future<Void> write(Buffer data) {
                return output.write(data);
            }

            @Override
            public Future<Void> end() {
                return Future.succeededFuture();
            }

            @Override
            public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
                return this; // the reader's limit, set on the output once
            }

            @Override
            public boolean writeQueueFull() {
                return output.writeQueueFull();
            }

            @Override
            public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
                drain = handler == null ? v -> { } : handler;
                return this;
            }
        }

        private abstract class Part {
            boolean ended;

            abstract String node();

            abstract void start();

            abstract long sent();

            abstract void close();
        }

        /** This node's part: a follower of the local hub. */
        private final class LocalPart extends Part {
            private StoreFollower follower;

            @Override
            String node() {
                return cluster.nodeId();
            }

            @Override
            void start() {
                follower = StoreFollower.start(vertx, hub, codec, new PartOutput(), framing, request, source,
                        error -> partEnded(this, error));
            }

            @Override
            long sent() {
                return follower == null ? 0 : follower.sent();
            }

            @Override
            void close() {
                if (follower != null) {
                    follower.close();
                }
            }
        }

        /** Another node's part: a feed it serves, acknowledged as it is written out. */
        private final class RemotePart extends Part {
            private final String node;
            private final String address = "reel.feed.reader." + UUID.randomUUID();
            private final PartOutput view = new PartOutput();
            private MessageConsumer<Buffer> consumer;
            private String ackAddress;
            private long unacknowledged;
            private long sent;
            private boolean partClosed;

            RemotePart(String node) {
                this.node = node;
            }

            @Override
            String node() {
                return node;
            }

            @Override
            void start() {
                view.drainHandler(v -> acknowledge(0));
                consumer = vertx.eventBus().consumer(address, this::received);
                consumer.completion()
                        .compose(v -> vertx.eventBus().<JsonObject>request(FeedServer.address(node),
                                FeedServer.request(request, address, cluster.nodeId(), source)))
                        .onComplete(reply -> {
                            if (reply.failed()) {
                                partEnded(this, Optional.of("node " + node + " does not serve the feed: "
                                        + reply.cause().getMessage()));
                                return;
                            }
                            ackAddress = reply.result().body().getString("ack");
                            if (partClosed) {
                                vertx.eventBus().send(ackAddress, FeedServer.CLOSE);
                            } else {
                                acknowledge(ACK_BYTES);
                            }
                        });
            }

            private void received(Message<Buffer> message) {
                if (partClosed) {
                    return;
                }
                String control = message.headers().get(FeedServer.CONTROL);
                if (control != null) {
                    unregister();
                    partEnded(this, control.equals(FeedServer.END) ? Optional.empty()
                            : Optional.of("node " + node + ": " + message.body().toString()));
                    return;
                }
                view.write(framing.apply(FeedServer.unwire(message.body())));
                sent++;
                unacknowledged += message.body().length();
                acknowledge(ACK_BYTES);
            }

            /** Acknowledges what was written once there is at least {@code atLeast} and the output takes more. */
            private void acknowledge(long atLeast) {
                if (ackAddress != null && !partClosed && unacknowledged > 0 && unacknowledged >= atLeast
                        && !view.writeQueueFull()) {
                    vertx.eventBus().send(ackAddress, unacknowledged);
                    unacknowledged = 0;
                }
            }

            @Override
            long sent() {
                return sent;
            }

            @Override
            void close() {
                if (!partClosed) {
                    partClosed = true;
                    if (ackAddress != null && !ended) {
                        vertx.eventBus().send(ackAddress, FeedServer.CLOSE);
                    }
                    unregister();
                }
            }

            private void unregister() {
                if (consumer != null) {
                    consumer.unregister();
                    consumer = null;
                }
            }
        }
    }
}
