package dev.reel.transport.tcp.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.LogFrameMessageCodec;
import dev.reel.api.spi.TransportContext;
import dev.reel.rrd.RrdCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.feed.StoreFeeds;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.Await;
import io.vertx.core.Vertx;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** The TCP transport started on loopback for one test, with its own Vert.x and an in-memory hub. */
final class RunningTcpTransport implements AutoCloseable {
    private final Vertx vertx;
    private final StoreHub hub;
    private final TcpTransport transport;
    private final int port;

    private RunningTcpTransport(Vertx vertx, StoreHub hub, TcpTransport transport, int port) {
        this.vertx = vertx;
        this.hub = hub;
        this.transport = transport;
        this.port = port;
    }

    /** @param settings {@code reel.transport.tcp.*} without the prefix */
    static RunningTcpTransport start(BufferAllocator allocator, Map<String, String> settings) {
        Vertx vertx = Vertx.vertx();
        vertx.eventBus().registerDefaultCodec(LogFrame.class, new LogFrameMessageCodec());
        StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults(), allocator);
        TcpTransport transport = new TcpTransport(StoreFeeds.local(hub, new RrdCodec()));
        try {
            int port = Await.result(transport.start(new TransportContext(vertx, "127.0.0.1", 0, settings))).port();
            return new RunningTcpTransport(vertx, hub, transport, port);
        } catch (RuntimeException | AssertionError e) {
            hub.close();
            Await.result(vertx.close());
            throw e;
        }
    }

    Vertx vertx() {
        return vertx;
    }

    StoreHub hub() {
        return hub;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            Await.result(transport.stop());
        } finally {
            Await.result(vertx.close());
            hub.close();
        }
    }
}
