package dev.reel.store.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.RecordingFormatException;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.ThreadingModel;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes frames from {@link ReelAddresses#INGEST} into the hub in arrival order (a worker verticle), journals
 * them, replies when a frame is stored and journaled so sources can apply backpressure (and know their data
 * survives a crash), and republishes every stored frame on {@link ReelAddresses#LOG} for live followers. A
 * frame that does not decode is failed back to its source with the reason and not republished.
 *
 * <p>Decoding (LZ4 and Arrow IPC) is independent per message, only storing needs the order: a large frame, or
 * any frame while others are still decoding, is decoded on the worker pool and stored once every frame before
 * it is; a small frame with nothing ahead of it is decoded and stored at once, without a thread hop.
 */
public final class IngestVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
    /** Frames from this size on are decoded on the worker pool, in parallel with storing. */
    static final int PARALLEL_DECODE_BYTES = 256 << 10;

    private final StoreHub hub;
    private final TransportCodec codec;
    private final BufferAllocator allocator;
    /** Null when journaling is off. */
    private final Journal journal;
    private final JournalSettings.Fsync fsync;
    private final StoreMetrics metrics;
    /** Where frames come from: {@link ReelAddresses#INGEST}, or in a cluster this node's own address. */
    private final String address;
    /** Frames received and not yet stored, in arrival order, each with its decoding. */
    private final Deque<Pending> pending = new ArrayDeque<>();
    private MessageConsumer<LogFrame> consumer;
    private long syncTimer = -1;
    private boolean stopped;

    private record Pending(Message<LogFrame> message, Future<LogMsg> decoded) {}

    /** Deploys a verticle without a journal on the worker threading model, as the bundle runs its own. */
    public static Future<String> deploy(Vertx vertx, StoreHub hub, TransportCodec codec, BufferAllocator allocator) {
        return vertx.deployVerticle(new IngestVerticle(hub, codec, allocator),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
    }

    IngestVerticle(StoreHub hub, TransportCodec codec, BufferAllocator allocator) {
        this(hub, codec, allocator, null, JournalSettings.Fsync.DEFAULT, StoreMetrics.none(), ReelAddresses.INGEST);
    }

    /**
     * @param journal where accepted frames are journaled; null keeps them in memory only
     * @param address where frames come from (in a cluster, the router hands this node the frames it owns)
     */
    IngestVerticle(StoreHub hub, TransportCodec codec, BufferAllocator allocator, Journal journal,
            JournalSettings.Fsync fsync, StoreMetrics metrics, String address) {
        this.hub = hub;
        this.codec = codec;
        this.allocator = allocator;
        this.journal = journal;
        this.fsync = fsync;
        this.metrics = metrics;
        this.address = address;
    }

    @Override
    public void start() {
        consumer = vertx.eventBus().consumer(address, this::received);
        if (journal != null && !fsync.always() && !fsync.period().isZero()) {
            syncTimer = vertx.setPeriodic(fsync.period().toMillis(), id -> vertx.executeBlocking(() -> {
                journal.sync();
                return null;
            }, false).onFailure(e -> LOG.error("cannot force the journal to disk: {}", e.toString())));
        }
    }

    private void received(Message<LogFrame> message) {
        LogFrame frame = message.body();
        if (pending.isEmpty() && frame.size() < PARALLEL_DECODE_BYTES) {
            store(message, decode(frame));
            return;
        }
        Future<LogMsg> decoded = vertx.executeBlocking(() -> codec.decode(frame, allocator), false);
        pending.addLast(new Pending(message, decoded));
        decoded.onComplete(done -> storeDecoded());
    }

    private Future<LogMsg> decode(LogFrame frame) {
        try {
            return Future.succeededFuture(codec.decode(frame, allocator));
        } catch (RecordingFormatException | RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Stores the decoded frames at the head of the queue, in order, up to the first still decoding. */
    private void storeDecoded() {
        while (!pending.isEmpty() && pending.peekFirst().decoded().isComplete()) {
            Pending next = pending.removeFirst();
            if (stopped) {
                next.decoded().onSuccess(LogMsg::close);
            } else {
                store(next.message(), next.decoded());
            }
        }
    }

    private void store(Message<LogFrame> message, Future<LogMsg> decoded) {
        LogFrame frame = message.body();
        if (decoded.failed()) {
            metrics.refused(message.body().source());
            refuse(message, decoded.cause());
            return;
        }
        long sequence;
        try {
            sequence = hub.ingest(decoded.result(), frame.source());
        } catch (RuntimeException e) {
            metrics.refused(frame.source());
            refuse(message, e);
            return;
        }
        if (journal != null) {
            try {
                journal.append(frame);
                if (fsync.always()) {
                    journal.sync();
                }
            } catch (IOException | RuntimeException e) {
                // stored in memory, but the producer must not believe it survives a crash
                LOG.error("cannot journal a {} from {}: {}", frame.kind(), frame.origin(), e.toString());
                metrics.refused(frame.source());
                message.fail(ReelAddresses.REFUSED, "journal: " + frame.origin() + ": cannot write the journal: " + e);
                return;
            }
        }
        metrics.stored(frame.source(), frame.size());
        // this node's log: in a cluster every node publishes what it stores, to its own followers
        vertx.eventBus().publish(ReelAddresses.LOG, frame, new DeliveryOptions().setLocalOnly(true)
                .addHeader(ReelAddresses.SEQUENCE, Long.toString(sequence)));
        message.reply(null);
    }

    /** Fails the request with {@code <kind>: <message>}, the form sources pass on to producers. */
    private static void refuse(Message<LogFrame> message, Throwable cause) {
        LogFrame frame = message.body();
        String reason = cause instanceof RecordingFormatException format ? format.code() + ": " + format.detail()
                : "refused: " + frame.origin() + ": " + cause;
        LOG.warn("refused the {} of {} from {}: {}", frame.kind(), frame.storeId(), frame.source(), reason);
        message.fail(ReelAddresses.REFUSED, reason);
    }

    /** Stops taking frames, and releases the frames still decoding once their decoding ends. */
    @Override
    public void stop(Promise<Void> done) {
        stopped = true;
        if (consumer != null) {
            consumer.unregister();
        }
        if (syncTimer >= 0) {
            vertx.cancelTimer(syncTimer);
        }
        List<Future<LogMsg>> decoding = pending.stream().map(Pending::decoded).toList();
        Future.join(decoding).onComplete(all -> {
            storeDecoded();
            done.complete();
        });
    }
}
