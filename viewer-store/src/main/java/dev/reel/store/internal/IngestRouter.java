package dev.reel.store.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.api.platform.Cluster;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In a cluster, takes what sources on this node send to {@link ReelAddresses#INGEST} and hands each frame to the
 * node that owns its store (this one or another, over the clustered bus), relaying the owner's reply, so a source
 * waits for the owner exactly as it waits for a local store: the same backpressure, the same refusals. Frames of
 * one store keep their order: while its owner is being looked up, its frames wait here. An event-loop verticle.
 */
final class IngestRouter extends AbstractVerticle implements Cluster.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(IngestRouter.class);

    private final RecordingOwners owners;
    private final Cluster cluster;
    /** Frames waiting for their store's owner, by store key, in arrival order. */
    private final Map<String, Deque<Message<LogFrame>>> waiting = new HashMap<>();
    /** Frames handed to another node and not answered yet, by node: failed at once if the node leaves. */
    private final Map<String, Set<Message<LogFrame>>> forwarded = new HashMap<>();
    private MessageConsumer<LogFrame> consumer;

    IngestRouter(RecordingOwners owners, Cluster cluster) {
        this.owners = owners;
        this.cluster = cluster;
    }

    /** The address where a node's store takes the frames it owns. */
    static String nodeAddress(String nodeId) {
        return ReelAddresses.INGEST + "." + nodeId;
    }

    @Override
    public void start() {
        consumer = vertx.eventBus().localConsumer(ReelAddresses.INGEST, this::received);
        cluster.addListener(this);
    }

    private void received(Message<LogFrame> message) {
        String key = RecordingOwners.key(message.body().storeId());
        Deque<Message<LogFrame>> queue = waiting.get(key);
        if (queue != null) {
            queue.addLast(message);
            return;
        }
        String owner = owners.knownOwner(key);
        if (owner != null) {
            forward(owner, message);
            return;
        }
        queue = new ArrayDeque<>();
        queue.addLast(message);
        waiting.put(key, queue);
        owners.claim(message.body().storeId()).onComplete(claimed -> {
            Deque<Message<LogFrame>> frames = waiting.remove(key);
            for (Message<LogFrame> frame : frames) {
                if (claimed.succeeded()) {
                    forward(claimed.result(), frame);
                } else {
                    frame.fail(ReelAddresses.REFUSED, "cluster: " + frame.body().origin() + ": no node takes "
                            + frame.body().storeId() + ": " + claimed.cause().getMessage());
                }
            }
        });
    }

    private void forward(String owner, Message<LogFrame> message) {
        Set<Message<LogFrame>> pending = forwarded.computeIfAbsent(owner, node -> new HashSet<>());
        pending.add(message);
        Future<Message<Object>> reply = vertx.eventBus().request(nodeAddress(owner), message.body(),
                new DeliveryOptions().setSendTimeout(60_000));
        reply.onComplete(done -> {
            if (!pending.remove(message)) {
                return; // failed already: the owner left
            }
            if (done.succeeded()) {
                message.reply(null);
                return;
            }
            if (done.cause() instanceof ReplyException refused
                    && refused.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                message.fail(refused.failureCode(), refused.getMessage());
                return;
            }
            LOG.warn("cluster: node {} did not take a {} of {}: {}", owner, message.body().kind(),
                    message.body().storeId(), done.cause().toString());
            message.fail(ReelAddresses.REFUSED, "cluster: " + message.body().origin() + ": the node owning "
                    + message.body().storeId() + " (" + owner + ") did not take it: " + done.cause().getMessage());
        });
    }

    @Override
    public void memberJoined(String nodeId) {
    }

    /** Frames the node that left did not answer may or may not be stored: the sources learn it now. */
    @Override
    public void memberLeft(String nodeId) {
        context.runOnContext(v -> {
            Set<Message<LogFrame>> lost = forwarded.remove(nodeId);
            if (lost == null || lost.isEmpty()) {
                return;
            }
            LOG.warn("cluster: node {} left before it acknowledged {} frames: refusing them", nodeId, lost.size());
            for (Message<LogFrame> message : lost) {
                message.fail(ReelAddresses.REFUSED, "cluster: " + message.body().origin() + ": the node owning "
                        + message.body().storeId() + " (" + nodeId + ") left the cluster before it acknowledged");
            }
            lost.clear();
        });
    }

    @Override
    public void stop() {
        cluster.removeListener(this);
        if (consumer != null) {
            consumer.unregister();
        }
    }
}
