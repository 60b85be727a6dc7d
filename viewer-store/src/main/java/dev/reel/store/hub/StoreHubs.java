package dev.reel.store.hub;

import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.store.internal.ViewerStoreHub;
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
}
