package dev.reel.store.internal;

import dev.reel.api.StoreId;
import dev.reel.api.log.StoreInfo;
import dev.reel.store.StoreSummary;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One logical store as the hub pools it: its chunks (from every source), the latest store info announced for
 * it, and the sources that contributed. A blueprint clone (the active copy of a blueprint) names its original.
 */
final class PooledStore {
    final InMemoryChunkStore chunks;
    final Set<String> sources = ConcurrentHashMap.newKeySet();
    /** The blueprint this one is the active clone of; null for stores that came from sources. */
    final StoreId cloneOf;
    volatile StoreInfo info;

    PooledStore(InMemoryChunkStore chunks, StoreId cloneOf) {
        this.chunks = chunks;
        this.cloneOf = cloneOf;
    }

    StoreId id() {
        return chunks.id();
    }

    boolean isClone() {
        return cloneOf != null;
    }

    StoreSummary summary() {
        return new StoreSummary(chunks.id(), Optional.ofNullable(info), sources, chunks.stats());
    }
}
