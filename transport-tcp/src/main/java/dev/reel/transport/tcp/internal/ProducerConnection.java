package dev.reel.transport.tcp.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdFrame;
import dev.reel.rrd.RrdStreamDecoder;
import dev.reel.rrd.StoreAttribution;
import dev.reel.store.feed.IngestWindow;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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

    private final Vertx vertx;
    private final NetSocket socket;
    private final String source;
    private final TcpSettings settings;
    private final RrdStreamDecoder decoder;
    private final StoreAttribution attribution;
    private final IngestWindow window;
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
        this.window = new IngestWindow(vertx, settings.windowBytes(), windowListener());
    }

    /** Starts reading; {@code first} holds bytes already read while the connection's kind was being decided. */
    void start(Buffer first) {
        started = true;
        LOG.info("{}: producer connected", source);
        SocketControl.readInPlace(socket, this::received);
        socket.endHandler(v -> inputEnded());
        socket.closeHandler(v -> LOG.info("{}: producer disconnected after {} messages ({} bytes)", source,
                window.acknowledged(), decoder.position()));
        socket.exceptionHandler(e -> LOG.warn("{}: {}", source, e.toString()));
        received(ByteBuffer.wrap(first.getBytes()));
    }

    /** Bytes as read, in Netty's buffer: the decoder copies each payload once, straight into its frame. */
    private void received(ByteBuffer bytes) {
        if (answered) {
            return; // draining after an error
        }
        try {
            decoder.push(bytes, this::send);
        } catch (RrdFormatException e) {
            refuse(e.code(), e.detail());
        } catch (IOException e) {
            refuse("io", e.toString());
        }
    }

    private void send(RrdFrame frame) throws RrdFormatException {
        Optional<LogFrame> message = attribution.attribute(frame);
        if (message.isPresent()) {
            window.send(message.get());
        } // else Rerun drops it too; StoreAttribution logged why, with the byte offset
    }

    /** The store's side: pause while the window is full, answer once everything is acknowledged. */
    private IngestWindow.Listener windowListener() {
        return new IngestWindow.Listener() {
            @Override
            public void pause() {
                paused = true;
                socket.pause();
            }

            @Override
            public void resume() {
                ProducerConnection.this.resume();
            }

            @Override
            public void refused(String kind, String message) {
                refuse(kind, message);
            }

            @Override
            public void idle() {
                answerIfDone();
            }
        };
    }

    /** The producer half-closed (or the connection ended): the stream is complete. */
    void inputEnded() {
        if (!started || ended) {
            return;
        }
        if (paused) {
            // reading in place, a paused socket reads nothing, the end included (TestSocketControl); should an end
            // still come while paused, it is taken after whatever the pause held back
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
        if (ended && window.isIdle() && !answered) {
            answered = true;
            LOG.info("{}: stream complete: {} messages, {} bytes", source, window.acknowledged(),
                    decoder.position());
            socket.end(Buffer.buffer("OK " + window.acknowledged() + " " + decoder.position() + "\n"));
        }
    }

    /** Answers {@code ERROR}, then discards input until the producer half-closes (or the drain time passes). */
    private void refuse(String kind, String message) {
        if (answered) {
            return;
        }
        answered = true;
        String line = message.replace('\n', ' ');
        LOG.warn("{}: refusing the stream after {} stored messages: {}: {}", source, window.acknowledged(), kind,
                line);
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
