package dev.reel.transport.tcp.internal;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.TransportCodec;
import dev.reel.rrd.Compression;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.StreamHeader;
import dev.reel.store.StoreSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that asked for the live stream: it gets a stream header, the store's snapshot of what it asked
 * for (compacted chunks, in Rerun's order), then every frame the store accepts after that snapshot, as one valid
 * {@code .rrd} stream. Live frames carry their number in the store's order: those the snapshot already holds
 * are skipped, so history and live data meet without gap or duplicate. The history is encoded on the worker
 * pool, a batch at a time, as fast as the socket drains; live frames wait behind it. A subscriber whose queue
 * grows past its limit is dropped (with a log line) so it never holds up producers. Confined to the transport's
 * event loop.
 */
final class SubscriberConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriberConnection.class);
    /** Bytes of history encoded per trip to the worker pool. */
    private static final int HISTORY_BATCH_BYTES = 4 << 20;

    private record Live(LogFrame frame, long sequence) {}

    private final Vertx vertx;
    private final NetSocket socket;
    private final String source;
    private final Optional<StoreId> only;
    private final long queueLimit;
    private final TransportCodec codec;
    private final Runnable onClose;
    private final Deque<Live> pending = new ArrayDeque<>();
    private long pendingBytes;
    /** The history still to write; null before it is taken and once it is written. */
    private StoreSnapshot history;
    private Iterator<LogMsg> historyMessages;
    /** Live frames numbered up to this are in the history; known once the snapshot is taken. */
    private long historySequence;
    private boolean historyTaken;
    private boolean historyDone;
    private boolean encoding;
    private boolean closed;
    private long sent;

    SubscriberConnection(Vertx vertx, NetSocket socket, String source, Optional<StoreId> only, long queueLimit,
            TransportCodec codec, Runnable onClose) {
        this.vertx = vertx;
        this.socket = socket;
        this.source = source;
        this.only = only;
        this.queueLimit = queueLimit;
        this.codec = codec;
        this.onClose = onClose;
    }

    /** Starts the connection; live frames are queued until {@link #history} brings the snapshot. */
    void start() {
        socket.setWriteQueueMaxSize((int) Math.min(Integer.MAX_VALUE, queueLimit));
        socket.handler(ignored -> { }); // nothing more is expected from a subscriber
        socket.closeHandler(v -> {
            closed = true;
            releaseHistory();
            onClose.run();
            LOG.info("{}: subscriber disconnected after {} messages", source, sent);
        });
        socket.exceptionHandler(e -> LOG.debug("{}: {}", source, e.toString()));
        socket.drainHandler(v -> pump());
        socket.write(Buffer.buffer(StreamHeader.written(Compression.LZ4).toBytes()));
    }

    /** The store's snapshot to write first; live frames it holds are dropped from the queue. */
    void history(StoreSnapshot snapshot) {
        if (closed) {
            snapshot.close();
            return;
        }
        history = snapshot;
        historyMessages = snapshot.messages();
        historySequence = snapshot.sequence();
        historyTaken = true;
        pending.removeIf(live -> {
            boolean held = live.sequence() <= historySequence;
            pendingBytes -= held ? live.frame().size() : 0;
            return held;
        });
        LOG.info("{}: subscriber connected{}, history up to message {}", source,
                only.map(id -> " for " + id).orElse(""), historySequence);
        pump();
    }

    /** A frame the store accepted, with its number in the store's order. */
    void live(LogFrame frame, long sequence) {
        if (closed || historyTaken && sequence <= historySequence
                || only.isPresent() && !appliesTo(frame, only.get())) {
            return;
        }
        pending.addLast(new Live(frame, sequence));
        pendingBytes += frame.size();
        if (pendingBytes > queueLimit) {
            LOG.warn("{}: dropping the subscriber: it is {} MiB behind (limit {} MiB)", source, pendingBytes >> 20,
                    queueLimit >> 20);
            closed = true;
            pending.clear();
            releaseHistory();
            // a graceful close would wait for the slow reader to take what is queued
            SocketControl.reset(socket);
            return;
        }
        pump();
    }

    /** A recording's subscriber also gets its application's blueprints. */
    private static boolean appliesTo(LogFrame frame, StoreId wanted) {
        return frame.storeId().equals(wanted) || (frame.storeId().isBlueprint()
                && frame.storeId().applicationId().equals(wanted.applicationId()));
    }

    /** Writes what can be written now: the next batch of history, or, once it is done, live frames. */
    private void pump() {
        if (closed || socket.writeQueueFull()) {
            return;
        }
        if (!historyDone) {
            if (history != null && !encoding) {
                encodeHistoryBatch();
            }
            return;
        }
        while (!pending.isEmpty() && !socket.writeQueueFull()) {
            Live live = pending.removeFirst();
            pendingBytes -= live.frame().size();
            socket.write(framed(live.frame()));
            sent++;
        }
    }

    private void encodeHistoryBatch() {
        encoding = true;
        Future<List<Buffer>> batch = vertx.executeBlocking(() -> {
            List<Buffer> buffers = new ArrayList<>();
            long bytes = 0;
            while (bytes < HISTORY_BATCH_BYTES && historyMessages.hasNext()) {
                Buffer framed = framed(codec.encode(historyMessages.next(), source));
                bytes += framed.length();
                buffers.add(framed);
            }
            return buffers;
        }, false);
        batch.onComplete(done -> {
            encoding = false;
            if (closed) {
                releaseHistory();
                return;
            }
            if (done.failed()) {
                LOG.warn("{}: closing: the history could not be encoded: {}", source, done.cause().toString());
                closed = true;
                releaseHistory();
                socket.close();
                return;
            }
            done.result().forEach(socket::write);
            sent += done.result().size();
            if (!historyMessages.hasNext()) {
                historyDone = true;
                releaseHistory();
            }
            pump();
        });
    }

    private void releaseHistory() {
        if (history != null && !encoding) {
            history.close();
            history = null;
        }
    }

    private static Buffer framed(LogFrame frame) {
        return Buffer.buffer(RrdFrame.HEADER_SIZE + frame.size())
                .appendBytes(RrdFrame.header(frame.kind().number(), frame.size()))
                .appendBytes(frame.payload());
    }
}
