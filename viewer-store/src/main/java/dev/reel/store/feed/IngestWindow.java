package dev.reel.store.feed;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;

/**
 * A source's side of {@link ReelAddresses#INGEST}: frames go to the store one by one, in order, and while more
 * than the window's bytes wait for the store's acknowledgement the source is asked to pause its input, so a slow
 * store slows the producer down instead of filling memory. The first refusal is reported once (as the store's
 * {@code <kind>: <message>}); frames acknowledged before it are kept by the store. Confined to the source's
 * Vert.x context.
 */
public final class IngestWindow {
    private static final DeliveryOptions INGEST = new DeliveryOptions().setSendTimeout(120_000);

    /** What the source does when the window fills, drains, or the store refuses a frame. */
    public interface Listener {
        void pause();

        void resume();

        /** The store refused a frame: {@code kind} is a stable code such as {@code bad-chunk}. Called once. */
        void refused(String kind, String message);

        /** Every frame sent so far is acknowledged (called after each acknowledgement that empties the window). */
        default void idle() { }
    }

    private final Vertx vertx;
    private final long windowBytes;
    private final Listener listener;
    private long inFlightBytes;
    private int inFlight;
    private long acknowledged;
    private boolean paused;
    private boolean refused;

    /**
     * The window a source gets unless it is configured: 64 MiB, or an eighth of the heap when that is less.
     * Frames in flight live on the heap, and a server started with a small memory budget has a small heap.
     */
    public static long defaultWindowBytes() {
        return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    /**
     * The largest message a source accepts unless it is configured: 256 MiB, or a quarter of the heap when that
     * is less, so that a message too large for this process is refused with its size instead of failing with
     * an out-of-memory error half-way through.
     */
    public static long defaultMaxMessageBytes() {
        return Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    public IngestWindow(Vertx vertx, long windowBytes, Listener listener) {
        if (windowBytes <= 0) {
            throw new IllegalArgumentException("windowBytes must be positive: " + windowBytes);
        }
        this.vertx = vertx;
        this.windowBytes = windowBytes;
        this.listener = listener;
    }

    /** Sends a frame to the store; ignored once a frame was refused. */
    public void send(LogFrame frame) {
        if (refused) {
            return;
        }
        long size = frame.size();
        inFlightBytes += size;
        inFlight++;
        vertx.eventBus().request(ReelAddresses.INGEST, frame, INGEST).onComplete(reply -> {
            inFlightBytes -= size;
            inFlight--;
            if (reply.failed()) {
                refuse(reply.cause());
                return;
            }
            acknowledged++;
            if (paused && inFlightBytes <= windowBytes / 2) {
                paused = false;
                listener.resume();
            }
            if (inFlight == 0 && !refused) {
                listener.idle();
            }
        });
        if (!paused && inFlightBytes > windowBytes) {
            paused = true;
            listener.pause();
        }
    }

    private void refuse(Throwable cause) {
        if (refused) {
            return;
        }
        refused = true;
        String reason = cause instanceof ReplyException r ? r.getMessage() : "refused: " + cause;
        int colon = reason.indexOf(": ");
        listener.refused(colon > 0 ? reason.substring(0, colon) : "refused",
                colon > 0 ? reason.substring(colon + 2) : reason);
    }

    /** Frames the store acknowledged. */
    public long acknowledged() {
        return acknowledged;
    }

    /** True when no frame waits for the store. */
    public boolean isIdle() {
        return inFlight == 0;
    }

    public boolean isPaused() {
        return paused;
    }

    public boolean isRefused() {
        return refused;
    }
}
