package dev.reel.transport.tcp;

import static java.util.Objects.requireNonNull;

import dev.reel.api.StoreId;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.rrd.RrdEncoder;
import dev.reel.rrd.sdk.RecordingSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a recording live to a Reel server's TCP port as one {@code .rrd} stream per connection. If the
 * connection breaks, it reconnects with exponential backoff, starts a new stream that first repeats the store
 * infos sent so far, and resends the message that failed; a message the broken connection had already
 * accepted may be lost or, if the server had received it, arrive twice (duplicate chunk ids are no-ops in the
 * store). Given several servers (the nodes of a cluster), it connects to the first and moves to the next one each
 * time a connection breaks or cannot be made. {@link #close()} flushes and waits for the server's answer, failing
 * if the server refused the stream.
 */
public final class RrdTcpSink implements RecordingSink {
    private static final Logger LOG = LoggerFactory.getLogger(RrdTcpSink.class);

    /** How hard to try to reconnect. */
    public record Reconnect(Duration firstDelay, Duration maxDelay, Duration giveUpAfter) {
        public static final Reconnect DEFAULT = new Reconnect(Duration.ofMillis(100), Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        public static final Reconnect NEVER = new Reconnect(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    private final List<InetSocketAddress> addresses;
    private final Reconnect reconnect;
    /** The server connected to (or tried): an index into {@link #addresses}. */
    private int current;
    private InetSocketAddress address;
    private final Map<StoreId, SetStoreInfo> storeInfos = new LinkedHashMap<>();
    private Socket socket;
    private RrdEncoder encoder;

    private RrdTcpSink(List<InetSocketAddress> addresses, Reconnect reconnect) {
        this.addresses = List.copyOf(addresses);
        this.reconnect = reconnect;
        this.address = this.addresses.get(0);
    }

    public static RrdTcpSink connect(String host, int port) throws IOException {
        return connect(host, port, Reconnect.DEFAULT);
    }

    public static RrdTcpSink connect(String host, int port, Reconnect reconnect) throws IOException {
        return connect(List.of(new InetSocketAddress(host, port)), reconnect);
    }

    /**
     * Connects to the first of several servers that answers, in order; when a connection breaks, reconnects to the
     * next one (wrapping around), so a producer moves to another node of a cluster when its node goes away.
     *
     * @throws IllegalArgumentException if there is no address
     */
    public static RrdTcpSink connect(List<InetSocketAddress> addresses, Reconnect reconnect) throws IOException {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("no server address");
        }
        RrdTcpSink sink = new RrdTcpSink(addresses, requireNonNull(reconnect, "reconnect"));
        IOException first = null;
        for (int i = 0; i < addresses.size(); i++) {
            try {
                sink.open();
                return sink;
            } catch (IOException e) {
                first = first == null ? e : first;
                sink.closeQuietly();
                sink.next();
            }
        }
        throw first;
    }

    /** Moves to the next server, if there are several. */
    private void next() {
        current = (current + 1) % addresses.size();
        address = addresses.get(current);
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, 10_000);
        encoder = new RrdEncoder(socket.getOutputStream());
        for (SetStoreInfo info : storeInfos.values()) {
            encoder.write(info);
        }
    }

    @Override
    public synchronized void send(LogMsg message) throws IOException {
        if (message instanceof SetStoreInfo info) {
            storeInfos.put(info.storeId(), info);
        }
        try {
            encoder.write(message);
        } catch (IOException e) {
            reconnect(e);
            encoder.write(message);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        try {
            encoder.flush();
        } catch (IOException e) {
            reconnect(e);
            encoder.flush();
        }
    }

    private void reconnect(IOException cause) throws IOException {
        closeQuietly();
        long deadline = System.nanoTime() + reconnect.giveUpAfter().toNanos();
        long delay = Math.max(1, reconnect.firstDelay().toMillis());
        IOException last = cause;
        int failed = current;
        while (System.nanoTime() < deadline) {
            LOG.warn("connection to {} lost ({}); reconnecting{}", address, last.getMessage(),
                    addresses.size() > 1 ? " to the next server" : " in " + delay + " ms");
            try {
                next();
                if (current == failed) {
                    Thread.sleep(delay); // the only server, or every one was tried: back off
                }
                open();
                LOG.info("reconnected to {}", address);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException e) {
                last = e;
                closeQuietly();
            }
            delay = Math.min(delay * 2, Math.max(1, reconnect.maxDelay().toMillis()));
        }
        throw new IOException("cannot reach " + address + ": " + last.getMessage(), last);
    }

    private void closeQuietly() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // the connection is being replaced; nothing to keep from it
        }
    }

    /**
     * Ends the stream: flushes, half-closes, and waits (up to 10 s) for the server's answer.
     *
     * @throws IOException if the server refused the stream (the message says why and where) or did not answer
     */
    @Override
    public synchronized void close() throws IOException {
        try {
            encoder.flush();
            socket.shutdownOutput();
            socket.setSoTimeout(10_000);
            StreamReceipt receipt = StreamReceipt.read(socket.getInputStream());
            if (!receipt.isOk()) {
                throw new IOException(address + " refused the stream: " + receipt.errorKind() + ": "
                        + receipt.errorMessage());
            }
            LOG.debug("{} stored {} messages", address, receipt.messages());
        } catch (SocketTimeoutException e) {
            throw new IOException(address + " did not answer within 10 s", e);
        } finally {
            socket.close();
        }
    }
}
