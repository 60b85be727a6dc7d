package dev.reel.transport.http.internal;

import dev.reel.api.bus.LogFrame;
import dev.reel.api.bus.LogFrameMessageCodec;
import dev.reel.api.spi.TransportContext;
import dev.reel.rrd.RrdCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.hub.StoreHubs;
import dev.reel.testing.Await;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The HTTP transport started on loopback for one test, with its own Vert.x and an in-memory hub served on the
 * event bus as the viewer-store bundle serves it (uploads and gRPC writes reach the hub; followers hear it).
 */
record RunningHttpTransport(Vertx vertx, StoreHub hub, HttpTransport transport, int port) implements AutoCloseable {
    /** @param settings {@code reel.transport.http.*} without the prefix */
    static RunningHttpTransport start(BufferAllocator allocator, Map<String, String> settings) {
        Vertx vertx = Vertx.vertx();
        vertx.eventBus().registerDefaultCodec(LogFrame.class, new LogFrameMessageCodec());
        StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults(), allocator);
        try {
            Await.result(StoreHubs.serveOnBus(vertx, hub, new RrdCodec(), allocator));
            HttpTransport transport = HttpTransports.of(hub, List::of, Optional.empty(), allocator);
            int port = Await.result(transport.start(new TransportContext(vertx, "127.0.0.1", 0, settings))).port();
            return new RunningHttpTransport(vertx, hub, transport, port);
        } catch (RuntimeException | AssertionError e) {
            Await.result(vertx.close());
            hub.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            Await.result(transport.stop());
            Await.result(vertx.close());
        } finally {
            hub.close();
        }
    }
}
