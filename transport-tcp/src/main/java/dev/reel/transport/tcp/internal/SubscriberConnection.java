package dev.reel.transport.tcp.internal;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that asked for the live stream: it gets a stream header, the replay buffer's history, then every
 * frame the store accepts, as one valid {@code .rrd} stream. History is written as fast as the socket drains;
 * live frames wait behind it. A subscriber whose queue grows past its limit is dropped (with a log line) so it
 * never holds up producers. Confined to the transport's event loop.
 */
final class SubscriberConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberConnection.class);

    private final NetSocket socket;
    private final String source;
    private final Optional<StoreId> only;
    private final long queueLimit;
    private final Runnable onClose;
    private final Deque<LogFrame> pending = new ArrayDeque<>();
    private long pendingBytes;
    private boolean closed;
    private long sent;

    SubscriberConnection(NetSocket socket, String source, Optional<StoreId> only, long queueLimit, Runnable onClose) {
        this.socket = socket;
        this.source = source;
        this.only = only;
        this.queueLimit = queueLimit;
        this.onClose = onClose;
    }

    void start(List<LogFrame> history) {
        LOG.info("{}: subscriber connected{}, {} messages of history", source,
                only.map(id -> " for " + id).orElse(""), history.size());
        socket.setWriteQueueMaxSize((int) Math.min(Integer.MAX_VALUE, queueLimit));
        socket.handler(ignored -> { }); // nothing more is expected from a subscriber
        socket.closeHandler(v -> {
            closed = true;
            onClose.run();
            LOG.info("{}: subscriber disconnected after {} messages", source, sent);
        });
        socket.exceptionHandler(e -> LOG.debug("{}: {}", source, e.toString()));
        socket.drainHandler(v -> drain());
        socket.write(Frames.streamHeader());
        history.forEach(this::enqueue);
        drain();
    }

    /** A frame the store accepted. */
    void live(LogFrame frame) {
        if (!closed) {
            enqueue(frame);
            drain();
        }
    }

    private void enqueue(LogFrame frame) {
        if (only.isPresent() && !appliesTo(frame, only.get())) {
            return;
        }
        pending.addLast(frame);
        pendingBytes += frame.size();
        if (pendingBytes > queueLimit) {
            LOG.warn("{}: dropping the subscriber: it is {} MiB behind (limit {} MiB)", source, pendingBytes >> 20,
                    queueLimit >> 20);
            closed = true;
            pending.clear();
            // a graceful close would wait for the slow reader to take what is queued
            SocketControl.reset(socket);
        }
    }

    /** A recording's subscriber also gets its application's blueprints. */
    private static boolean appliesTo(LogFrame frame, StoreId wanted) {
        return frame.storeId().equals(wanted) || (frame.storeId().isBlueprint()
                && frame.storeId().applicationId().equals(wanted.applicationId()));
    }

    private void drain() {
        while (!closed && !pending.isEmpty() && !socket.writeQueueFull()) {
            LogFrame frame = pending.removeFirst();
            pendingBytes -= frame.size();
            Buffer bytes = Frames.framed(frame);
            socket.write(bytes);
            sent++;
        }
    }
}
