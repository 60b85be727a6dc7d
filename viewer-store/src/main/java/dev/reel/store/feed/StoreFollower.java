package dev.reel.store.feed;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;
import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.TransportCodec;
import dev.reel.rrd.RrdFrame;
import dev.reel.store.ExportRequest;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader following a hub: it gets the hub's snapshot of what it asked for (compacted chunks, in Rerun's
 * order), then, when it follows, every frame the hub accepts after that snapshot. Live frames carry their number
 * in the hub's order ({@link ReelAddresses#SEQUENCE}): those the snapshot already holds are skipped, so history
 * and live data meet without gap or duplicate. The history is encoded on the worker pool, a batch at a time, as
 * fast as the output drains; live frames wait behind it. A reader whose queue grows past its limit is dropped so
 * that it never holds up producers.
 *
 * <p>The transport owns the output and its framing ({@code .rrd} messages, gRPC messages): it writes whatever
 * comes before the first message (a stream header) itself, and learns through {@code onEnd} when the follower is
 * done: without an error when a reader that does not follow has its history, with one when the reader is dropped
 * or the snapshot failed. It calls {@link #close()} when its output closes. Confined to the Vert.x context that
 * started it (an event loop).
 */
public final class StoreFollower implements StoreFeed {
    private static final Logger LOG = LoggerFactory.getLogger(StoreFollower.class);
    /** Bytes of history encoded per trip to the worker pool. */
    private static final int HISTORY_BATCH_BYTES = 4 << 20;

    /**
     * What a reader asked for.
     *
     * @param recording one recording (with its application's blueprints); empty for every store
     * @param live whether to go on with live frames after the history
     * @param queueLimitBytes how far behind (bytes queued) the reader may fall before it is dropped
     */
    public record Request(Optional<StoreId> recording, boolean live, long queueLimitBytes) {
        public Request {
            requireNonNull(recording, "recording is null");
            if (queueLimitBytes <= 0) {
                throw new IllegalArgumentException("queueLimitBytes must be positive: " + queueLimitBytes);
            }
        }
    }

    private record Live(LogFrame frame, long sequence) {}

    private final Vertx vertx;
    private final WriteStream<Buffer> output;
    private final Function<LogFrame, Buffer> framing;
    private final TransportCodec codec;
    private final String source;
    private final Request request;
    private final Consumer<Optional<String>> onEnd;
    private final Deque<Live> pending = new ArrayDeque<>();
    private MessageConsumer<LogFrame> feed;
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

    private StoreFollower(Vertx vertx, WriteStream<Buffer> output, Function<LogFrame, Buffer> framing,
            TransportCodec codec, String source, Request request, Consumer<Optional<String>> onEnd) {
        this.vertx = vertx;
        this.output = output;
        this.framing = framing;
        this.codec = codec;
        this.source = source;
        this.request = request;
        this.onEnd = onEnd;
    }

    /**
     * Starts following {@code hub} on the current context: writes to {@code output} each message framed by
     * {@code framing}, and calls {@code onEnd} once, with an error message or without.
     *
     * @param source names the reader in log lines
     */
    public static StoreFollower start(Vertx vertx, StoreHub hub, TransportCodec codec, WriteStream<Buffer> output,
            Function<LogFrame, Buffer> framing, Request request, String source, Consumer<Optional<String>> onEnd) {
        StoreFollower follower = new StoreFollower(vertx, output, framing, codec, source, request, onEnd);
        follower.begin(hub);
        return follower;
    }

    private void begin(StoreHub hub) {
        output.setWriteQueueMaxSize((int) Math.min(Integer.MAX_VALUE, request.queueLimitBytes()));
        output.drainHandler(v -> pump());
        if (request.live()) {
            feed = vertx.eventBus().localConsumer(ReelAddresses.LOG, message -> live(message.body(),
                    Long.parseLong(message.headers().get(ReelAddresses.SEQUENCE))));
        }
        // taken after the follower hears live frames, so that every frame is in the snapshot or the feed
        ExportRequest export = request.recording().map(ExportRequest::recording).orElse(ExportRequest.everything());
        vertx.executeBlocking(() -> hub.snapshot(export), false).onComplete(snapshot -> {
            if (snapshot.succeeded()) {
                history(snapshot.result());
            } else {
                end(Optional.of("no snapshot of the store: " + snapshot.cause()));
            }
        });
    }

    /** A frame as one {@code .rrd} message (header and payload): the framing of {@code .rrd} streams. */
    public static Buffer rrdMessage(LogFrame frame) {
        return Buffer.buffer(RrdFrame.HEADER_SIZE + frame.size())
                .appendBytes(RrdFrame.header(frame.kind().number(), frame.size()))
                .appendBytes(frame.payload());
    }

    @Override
    public long sent() {
        return sent;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            stopFeed();
            releaseHistory();
            LOG.info("{}: reader gone after {} messages", source, sent);
        }
    }

    private void history(StoreSnapshot snapshot) {
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
        LOG.info("{}: reading{}, history up to message {}{}", source,
                request.recording().map(id -> " " + id).orElse(""), historySequence, request.live() ? ", live" : "");
        pump();
    }

    private void live(LogFrame frame, long sequence) {
        if (closed || historyTaken && sequence <= historySequence
                || request.recording().isPresent() && !appliesTo(frame, request.recording().get())) {
            return;
        }
        pending.addLast(new Live(frame, sequence));
        pendingBytes += frame.size();
        if (pendingBytes > request.queueLimitBytes()) {
            pending.clear();
            end(Optional.of("the reader is " + (pendingBytes >> 20) + " MiB behind (limit "
                    + (request.queueLimitBytes() >> 20) + " MiB)"));
            return;
        }
        pump();
    }

    /** A recording's reader also gets its application's blueprints. */
    private static boolean appliesTo(LogFrame frame, StoreId wanted) {
        return frame.storeId().equals(wanted) || (frame.storeId().isBlueprint()
                && frame.storeId().applicationId().equals(wanted.applicationId()));
    }

    /** Writes what can be written now: the next batch of history, or, once it is done, live frames. */
    private void pump() {
        if (closed || output.writeQueueFull()) {
            return;
        }
        if (!historyDone) {
            if (history != null && !encoding) {
                encodeHistoryBatch();
            }
            return;
        }
        while (!pending.isEmpty() && !output.writeQueueFull()) {
            Live live = pending.removeFirst();
            pendingBytes -= live.frame().size();
            output.write(framing.apply(live.frame()));
            sent++;
        }
    }

    private void encodeHistoryBatch() {
        encoding = true;
        Future<List<Buffer>> batch = vertx.executeBlocking(() -> {
            List<Buffer> buffers = new ArrayList<>();
            long bytes = 0;
            while (bytes < HISTORY_BATCH_BYTES && historyMessages.hasNext()) {
                Buffer framed = framing.apply(codec.encode(historyMessages.next(), source));
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
                end(Optional.of("the history could not be encoded: " + done.cause()));
                return;
            }
            done.result().forEach(output::write);
            sent += done.result().size();
            if (!historyMessages.hasNext()) {
                historyDone = true;
                releaseHistory();
                if (!request.live()) {
                    end(Optional.empty());
                    return;
                }
            }
            pump();
        });
    }

    /** Stops for good and tells the transport why (or that all was written). */
    private void end(Optional<String> error) {
        if (closed) {
            return;
        }
        closed = true;
        stopFeed();
        releaseHistory();
        error.ifPresent(message -> LOG.warn("{}: dropping the reader: {}", source, message));
        onEnd.accept(error);
    }

    private void stopFeed() {
        if (feed != null) {
            feed.unregister();
            feed = null;
        }
    }

    private void releaseHistory() {
        if (history != null && !encoding) {
            history.close();
            history = null;
        }
    }
}
