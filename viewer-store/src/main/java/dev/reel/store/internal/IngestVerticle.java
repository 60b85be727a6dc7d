package dev.reel.store.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.RecordingFormatException;
import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes frames from {@link ReelAddresses#INGEST} into the hub, one at a time and in arrival order (a worker
 * verticle), replies when a frame is stored so sources can apply backpressure, and republishes every stored
 * frame on {@link ReelAddresses#LOG} for live followers. A frame that does not decode is failed back to its
 * source with the reason and not republished.
 */
final class IngestVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(IngestVerticle.class);
    static final int BAD_INPUT = 400;

    private final StoreHub hub;
    private final TransportCodec codec;
    private final BufferAllocator allocator;
    private MessageConsumer<LogFrame> consumer;

    IngestVerticle(StoreHub hub, TransportCodec codec, BufferAllocator allocator) {
        this.hub = hub;
        this.codec = codec;
        this.allocator = allocator;
    }

    @Override
    public void start() {
        consumer = vertx.eventBus().consumer(ReelAddresses.INGEST, this::ingest);
    }

    private void ingest(Message<LogFrame> message) {
        LogFrame frame = message.body();
        LogMsg decoded;
        try {
            decoded = codec.decode(frame, allocator);
        } catch (RecordingFormatException e) {
            LOG.warn("rejected a {} from {}: {}", frame.kind(), frame.source(), e.getMessage());
            message.fail(BAD_INPUT, e.getMessage());
            return;
        }
        try {
            hub.ingest(decoded, frame.source());
        } catch (RuntimeException e) {
            LOG.warn("could not store a {} from {}: {}", frame.kind(), frame.source(), e.toString());
            message.fail(BAD_INPUT, e.getMessage());
            return;
        }
        vertx.eventBus().publish(ReelAddresses.LOG, frame);
        message.reply(null);
    }

    @Override
    public void stop() {
        if (consumer != null) {
            consumer.unregister();
        }
    }
}
