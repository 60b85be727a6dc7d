package dev.reel.store.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.store.ComponentCell;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latest-at results, shared by all stores of a hub and bounded in bytes. A key carries the generation of its
 * entity: inserting into or collecting from an entity bumps the generation, so stale answers are never served
 * (they age out). Under memory pressure the whole cache is dropped first.
 */
final class QueryCache {
    record Key(StoreId store, EntityPath entity, long generation, String component, Timeline timeline, long time) {}

    /** Lookups over which the hit rate is judged. */
    private static final int WINDOW = 1024;
    /** The hit rate below which only one answer in this many is kept, as a sample. */
    private static final int SAMPLE = 16;

    private final Cache<Key, Optional<ComponentCell>> latestAt;
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger hits = new AtomicInteger();
    private volatile boolean keepAll = true;

    QueryCache(long maxBytes) {
        this.latestAt = Caffeine.newBuilder()
                // maintenance on the calling thread: on 2 cores the common pool's thread competed with queries
                .executor(Runnable::run)
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((Key key, Optional<ComponentCell> cell) -> weigh(cell))
                .build();
    }

    /**
     * The cached answer, or the query's, which is kept. While fewer than one lookup in {@value #SAMPLE} is a hit
     * (a viewer scrubbing through time asks every time once), only every {@value #SAMPLE}th answer is kept:
     * keeping the rest costs each query an insertion and an eviction and brings nothing, and the sample still
     * catches queries that come back, which turns keeping everything on again when the hit rate recovers.
     */
    Optional<ComponentCell> latestAt(Key key, java.util.function.Supplier<Optional<ComponentCell>> query) {
        Optional<ComponentCell> cached = latestAt.getIfPresent(key);
        if (cached != null) {
            hits.incrementAndGet();
        }
        int lookup = lookups.incrementAndGet();
        if (lookup >= WINDOW) {
            windowEnded();
        }
        if (cached != null) {
            return cached;
        }
        Optional<ComponentCell> answer = query.get();
        if (keepAll || lookup % SAMPLE == 0) {
            latestAt.put(key, answer);
        }
        return answer;
    }

    private synchronized void windowEnded() {
        int seen = lookups.get();
        if (seen < WINDOW) {
            return; // another thread just ended this window
        }
        keepAll = hits.getAndSet(0) * SAMPLE >= seen;
        lookups.set(0);
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
