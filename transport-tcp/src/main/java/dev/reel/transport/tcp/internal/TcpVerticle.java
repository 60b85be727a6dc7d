package dev.reel.transport.tcp.internal;

import dev.reel.api.ApplicationId;
import dev.reel.api.RecordingId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.rrd.Compression;
import dev.reel.rrd.StreamHeader;
import dev.reel.store.feed.StoreFeeds;
import dev.reel.store.feed.StoreFeed;
import dev.reel.store.feed.StoreFollower;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP server: every connection is a producer (it sends an {@code .rrd} stream) or, if its first line is
 * {@code SUBSCRIBE [applicationId recordingId]}, a subscriber, which gets the store's snapshot and then the feed
 * of frames the store accepts after it. Connections and the feed live on this verticle's event loop.
 */
final class TcpVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(TcpVerticle.class);
    static final String SUBSCRIBE = "SUBSCRIBE";
    private static final int MAX_COMMAND_LINE = 1024;

    private final String host;
    private final int port;
    private final TcpSettings settings;
    private final StoreFeeds feeds;
    private NetServer server;

    TcpVerticle(String host, int port, TcpSettings settings, StoreFeeds feeds) {
        this.host = host;
        this.port = port;
        this.settings = settings;
        this.feeds = feeds;
    }

    @Override
    public void start(Promise<Void> started) {
        server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setReceiveBufferSize(1 << 20));
        server.connectHandler(this::connected);
        server.listen().<Void>mapEmpty().onComplete(started);
    }

    int actualPort() {
        return server.actualPort();
    }

    /**
     * Reads until the connection's kind is clear: {@code SUBSCRIBE} line, or anything else (a stream). The input
     * may end before that (a short stream sent at once): the connection is then a producer whose input ended.
     */
    private void connected(NetSocket socket) {
        String source = "tcp " + socket.remoteAddress();
        Buffer head = Buffer.buffer();
        ProducerConnection producer = new ProducerConnection(vertx, socket, source, settings);
        boolean[] decided = {false};
        SocketControl.onHalfClose(socket, () -> {
            if (!decided[0]) {
                decided[0] = true;
                producer.start(head);
            }
            producer.inputEnded(); // a no-op for a subscriber's connection: it was never started
        });
        socket.handler(bytes -> {
            head.appendBuffer(bytes);
            String start = head.getString(0, Math.min(head.length(), SUBSCRIBE.length()), "ISO-8859-1");
            if (!SUBSCRIBE.startsWith(start)) {
                decided[0] = true;
                producer.start(head);
                return;
            }
            int newline = indexOf(head, (byte) '\n');
            if (newline >= 0) {
                decided[0] = true;
                socket.handler(null);
                subscribe(socket, source, head.getString(0, newline, StandardCharsets.UTF_8.name()).trim());
            } else if (head.length() > MAX_COMMAND_LINE) {
                LOG.warn("{}: closing: a command line longer than {} bytes", source, MAX_COMMAND_LINE);
                socket.close();
            }
        });
    }

    private void subscribe(NetSocket socket, String source, String line) {
        String[] words = line.split("\\s+");
        Optional<StoreId> only;
        if (words.length == 1 && words[0].equals(SUBSCRIBE)) {
            only = Optional.empty();
        } else if (words.length == 3 && words[0].equals(SUBSCRIBE)) {
            only = Optional.of(new StoreId(StoreKind.RECORDING, ApplicationId.of(words[1]), RecordingId.of(words[2])));
        } else {
            LOG.warn("{}: closing: expected 'SUBSCRIBE' or 'SUBSCRIBE <applicationId> <recordingId>', got '{}'",
                    source, line.length() > 80 ? line.substring(0, 80) + "..." : line);
            socket.write("ERROR expected SUBSCRIBE [applicationId recordingId]\n").onComplete(v -> socket.close());
            return;
        }
        // a reader is never expected to send more
        socket.handler(ignored -> { });
        socket.exceptionHandler(e -> LOG.debug("{}: {}", source, e.toString()));
        socket.write(Buffer.buffer(StreamHeader.written(Compression.LZ4).toBytes()));
        StoreFeed follower = feeds.follow(socket, StoreFollower::rrdMessage,
                new StoreFollower.Request(only, true, settings.subscriberQueueBytes()), source,
                // only an error ends a follower that follows; a graceful close would wait for a slow reader
                error -> SocketControl.reset(socket));
        socket.closeHandler(v -> follower.close());
    }

    private static int indexOf(Buffer buffer, byte value) {
        for (int i = 0; i < buffer.length(); i++) {
            if (buffer.getByte(i) == value) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void stop(Promise<Void> stopped) {
        server.close().onComplete(stopped);
    }
}
