package dev.reel.store.hub;

import dev.reel.api.spi.TransportCodec;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.internal.IngestVerticle;
import dev.reel.store.internal.ViewerStoreHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Creates store hubs outside the OSGi runtime (file tools, tests, embedding): inside it, take the
 * {@link StoreHub} service that the viewer-store bundle registers.
 */
public final class StoreHubs {
    private StoreHubs() {}

    /**
     * A hub in memory with the given settings; its Arrow memory comes from a child of {@code allocator}. No
     * journal: what it holds is gone when it is closed.
     */
    public static StoreHub inMemory(StoreHubConfig config, BufferAllocator allocator) {
        return new ViewerStoreHub(config, allocator);
    }

    /**
     * Puts {@code hub} on the event bus of {@code vertx} as the viewer-store bundle does, without a journal: it
     * takes frames sent to {@link dev.reel.api.bus.ReelAddresses#INGEST} and publishes those it stored on
     * {@link dev.reel.api.bus.ReelAddresses#LOG}. The Vert.x instance must have
     * {@link dev.reel.api.bus.LogFrameMessageCodec} registered for {@link dev.reel.api.bus.LogFrame}. Undeploy the
     * returned deployment id (or close Vert.x) to stop.
     */
    public static Future<String> serveOnBus(Vertx vertx, StoreHub hub, TransportCodec codec,
            BufferAllocator allocator) {
        return IngestVerticle.deploy(vertx, hub, codec, allocator);
    }
}
