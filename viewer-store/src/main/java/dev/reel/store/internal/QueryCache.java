package dev.reel.store.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.store.ComponentCell;
import java.util.Optional;

/**
 * Latest-at results, shared by all stores of a hub and bounded in bytes. A key carries the generation of its
 * entity: inserting into or collecting from an entity bumps the generation, so stale answers are never served
 * (they age out). Under memory pressure the whole cache is dropped first.
 */
final class QueryCache {
    record Key(StoreId store, EntityPath entity, long generation, String component, Timeline timeline, long time) {}

    private final Cache<Key, Optional<ComponentCell>> latestAt;

    QueryCache(long maxBytes) {
        this.latestAt = Caffeine.newBuilder()
                // maintenance on the calling thread: on 2 cores the common pool's thread competed with queries
                .executor(Runnable::run)
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((Key key, Optional<ComponentCell> cell) -> weigh(cell))
                .build();
    }

    Optional<ComponentCell> latestAt(Key key, java.util.function.Supplier<Optional<ComponentCell>> query) {
        return latestAt.get(key, k -> query.get());
    }

    /** Rough heap bytes of an entry: key and cell objects, plus 16 bytes per instance value. */
    private static int weigh(Optional<ComponentCell> cell) {
        int values = cell.map(c -> c.values().size()).orElse(0);
        return 200 + 16 * values;
    }

    /** The cache's weight after its pending maintenance is done (Caffeine applies writes asynchronously). */
    long weightedSize() {
        latestAt.cleanUp();
        return latestAt.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    void clear() {
        latestAt.invalidateAll();
        latestAt.cleanUp();
    }
}
