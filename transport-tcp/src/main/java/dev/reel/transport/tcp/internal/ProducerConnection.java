package dev.reel.transport.tcp.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.ReelAddresses;
import dev.reel.rrd.LogFrames;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdStreamDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection that sends one {@code .rrd} stream (possibly several concatenated). Messages are framed as bytes
 * arrive and sent to the store one by one, in order; while more than the window's bytes wait for the store's
 * acknowledgement the socket is paused, so a slow store slows the producer down instead of filling memory.
 * Bad input closes this connection with the typed reason; what was fully received before it is kept.
 */
final class ProducerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerConnection.class);
    private static final DeliveryOptions INGEST = new DeliveryOptions().setSendTimeout(120_000);

    private final Vertx vertx;
    private final NetSocket socket;
    private final String source;
    private final TcpSettings settings;
    private final RrdStreamDecoder decoder;
    private final LogFrames frames;
    private long inFlightBytes;
    private long messages;
    private boolean paused;
    private boolean closed;

    ProducerConnection(Vertx vertx, NetSocket socket, String source, TcpSettings settings) {
        this.vertx = vertx;
        this.socket = socket;
        this.source = source;
        this.settings = settings;
        this.decoder = new RrdStreamDecoder(source, settings.maxMessageBytes());
        this.frames = new LogFrames(source);
    }

    /** Starts reading; {@code first} holds bytes already read while the connection's kind was being decided. */
    void start(Buffer first) {
        LOG.info("{}: producer connected", source);
        socket.handler(this::received);
        socket.endHandler(v -> ended());
        socket.closeHandler(v -> LOG.info("{}: producer disconnected after {} messages ({} bytes)", source, messages,
                decoder.position()));
        socket.exceptionHandler(e -> LOG.warn("{}: {}", source, e.toString()));
        received(first);
    }

    private void received(Buffer bytes) {
        if (closed) {
            return;
        }
        try {
            decoder.push(Frames.nio(bytes), this::send);
        } catch (RrdFormatException e) {
            reject(e.getMessage());
        } catch (IOException e) {
            reject(e.toString());
        }
    }

    private void send(RrdFrame frame) throws RrdFormatException {
        Optional<LogFrame> message = frames.toLogFrame(frame);
        if (message.isEmpty()) {
            LOG.warn("{}: dropped the message at byte {}: it names no application and no store info came first",
                    source, frame.offset());
            return;
        }
        long size = frame.payload().length;
        inFlightBytes += size;
        messages++;
        vertx.eventBus().request(ReelAddresses.INGEST, message.get(), INGEST).onComplete(reply -> {
            inFlightBytes -= size;
            if (reply.failed()) {
                String reason = reply.cause() instanceof ReplyException r ? r.getMessage() : reply.cause().toString();
                reject("the store refused the message at byte " + frame.offset() + ": " + reason);
            } else if (paused && inFlightBytes <= settings.windowBytes() / 2) {
                paused = false;
                socket.resume();
            }
        });
        if (!paused && inFlightBytes > settings.windowBytes()) {
            paused = true;
            socket.pause();
        }
    }

    private void ended() {
        if (closed) {
            return;
        }
        try {
            decoder.finish(this::send);
        } catch (IOException e) {
            LOG.warn("{}: stream ended early: {}", source, e.getMessage());
        }
    }

    private void reject(String reason) {
        if (!closed) {
            closed = true;
            LOG.warn("{}: closing the connection: {}", source, reason);
            socket.close();
        }
    }
}
