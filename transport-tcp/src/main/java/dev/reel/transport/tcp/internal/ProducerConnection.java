package dev.reel.transport.tcp.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that sends one {@code .rrd} stream (possibly several concatenated). Messages are framed as bytes
 * arrive, attributed to their stores, and sent to the store one by one, in order; while more than the window's
 * bytes wait for the store's acknowledgement the socket is paused, so a slow store slows the producer down
 * instead of filling memory.
 *
 * <p>The producer learns the outcome in one line: when it half-closes and every message is acknowledged,
 * {@code OK <messages> <bytes>}; at the first error (bad framing, or a message the store refuses),
 * {@code ERROR <kind>: <message>} at once. After an error the rest of the input is read and discarded until
 * the producer half-closes (or {@link TcpSettings#drainMillis()} pass), so that the line is not lost to a reset
 * while the producer is still writing. Everything acknowledged before an error is kept. Confined to the
 * transport's event loop.
 */
final class ProducerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerConnection.class);
    private static final DeliveryOptions INGEST = new DeliveryOptions().setSendTimeout(120_000);

    private final Vertx vertx;
    private final NetSocket socket;
    private final String source;
    private final TcpSettings settings;
    private final RrdStreamDecoder decoder;
    private final StoreAttribution attribution;
    private long inFlightBytes;
    private int inFlight;
    private long acknowledged;
    private boolean paused;
    /** The input ended while paused: bytes read before the end may still be held back by the pause. */
    private boolean endAfterPause;
    private boolean started;
    private boolean ended;
    private boolean answered;

    ProducerConnection(Vertx vertx, NetSocket socket, String source, TcpSettings settings) {
        this.vertx = vertx;
        this.socket = socket;
        this.source = source;
        this.settings = settings;
        this.decoder = new RrdStreamDecoder(source, settings.maxMessageBytes());
        this.attribution = new StoreAttribution(source);
    }

    /** Starts reading; {@code first} holds bytes already read while the connection's kind was being decided. */
    void start(Buffer first) {
        started = true;
        LOG.info("{}: producer connected", source);
        socket.handler(this::received);
        socket.endHandler(v -> inputEnded());
        socket.closeHandler(v -> LOG.info("{}: producer disconnected after {} messages ({} bytes)", source,
                acknowledged, decoder.position()));
        socket.exceptionHandler(e -> LOG.warn("{}: {}", source, e.toString()));
        received(first);
    }

    private void received(Buffer bytes) {
        if (answered) {
            return; // draining after an error
        }
        try {
            decoder.push(ByteBuffer.wrap(bytes.getBytes()), this::send);
        } catch (RrdFormatException e) {
            refuse(e.code(), e.detail());
        } catch (IOException e) {
            refuse("io", e.toString());
        }
    }

    private void send(RrdFrame frame) throws RrdFormatException {
        Optional<LogFrame> message = attribution.attribute(frame);
        if (message.isEmpty()) {
            return; // Rerun drops it too; StoreAttribution logged why, with the byte offset
        }
        long size = frame.payload().length;
        inFlightBytes += size;
        inFlight++;
        vertx.eventBus().request(ReelAddresses.INGEST, message.get(), INGEST).onComplete(reply -> {
            inFlightBytes -= size;
            inFlight--;
            if (reply.failed()) {
                String reason = reply.cause() instanceof ReplyException r ? r.getMessage() : "refused: " + reply.cause();
                int colon = reason.indexOf(": ");
                refuse(colon > 0 ? reason.substring(0, colon) : "refused", colon > 0 ? reason.substring(colon + 2)
                        : reason);
                return;
            }
            acknowledged++;
            if (paused && inFlightBytes <= settings.windowBytes() / 2) {
                resume();
            }
            answerIfDone();
        });
        if (!paused && inFlightBytes > settings.windowBytes()) {
            paused = true;
            socket.pause();
        }
    }

    /** The producer half-closed (or the connection ended): the stream is complete. */
    void inputEnded() {
        if (!started || ended) {
            return;
        }
        if (paused) {
            // Vert.x signals the end at once, ahead of the bytes the pause holds back: take it after them
            endAfterPause = true;
            return;
        }
        ended = true;
        if (answered) {
            socket.close();
            return;
        }
        try {
            decoder.finish(this::send);
        } catch (RrdFormatException e) {
            refuse(e.code(), e.detail());
            return;
        } catch (IOException e) {
            refuse("io", e.toString());
            return;
        }
        answerIfDone();
    }

    /** Once the producer has half-closed and every message is acknowledged: {@code OK}, then close. */
    private void answerIfDone() {
        if (ended && inFlight == 0 && !answered) {
            answered = true;
            LOG.info("{}: stream complete: {} messages, {} bytes", source, acknowledged, decoder.position());
            socket.end(Buffer.buffer("OK " + acknowledged + " " + decoder.position() + "\n"));
        }
    }

    /** Answers {@code ERROR}, then discards input until the producer half-closes (or the drain time passes). */
    private void refuse(String kind, String message) {
        if (answered) {
            return;
        }
        answered = true;
        String line = message.replace('\n', ' ');
        LOG.warn("{}: refusing the stream after {} stored messages: {}: {}", source, acknowledged, kind, line);
        socket.write(Buffer.buffer("ERROR " + kind + ": " + line + "\n"));
        if (ended) {
            socket.close();
            return;
        }
        if (paused) {
            resume();
        }
        vertx.setTimer(settings.drainMillis(), id -> socket.close());
    }

    private void resume() {
        paused = false;
        socket.resume();
        if (endAfterPause) {
            endAfterPause = false;
            // queued behind the task in which the resumed socket hands over the bytes it held back
            vertx.runOnContext(v -> inputEnded());
        }
    }
}
