package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Garbage collection of one store ({@code gc.rs}, rerun-data-platform.md D.3): whole temporal chunks, oldest
 * (smallest row id) first; never static data, never the latest chunk of an (entity, timeline, component).
 * Which chunks to drop across stores is the hub's choice. Runs under the store's lock.
 */
final class StoreGc {
    private final StoreIndexes indexes;

    StoreGc(StoreIndexes indexes) {
        this.indexes = indexes;
    }

    /** Temporal chunks in row-id order, without the newest chunk of each (entity, timeline, component). */
    List<InMemoryChunkStore.GcCandidate> candidates(InMemoryChunkStore store) {
        Set<ChunkId> protectedIds = new HashSet<>();
        indexes.forEachTemporal(index -> {
            if (!index.isEmpty()) {
                protectedIds.add(index.perStart.lastEntry().getValue().first());
                protectedIds.add(index.perEnd.lastEntry().getValue().first());
            }
        });
        List<InMemoryChunkStore.GcCandidate> candidates = new ArrayList<>();
        for (StoredChunk stored : indexes.byMinRowId()) {
            if (!stored.chunk.isStatic() && !protectedIds.contains(stored.chunk.id())) {
                candidates.add(new InMemoryChunkStore.GcCandidate(store, stored.chunk.id(), stored.minRowId,
                        stored.sizeBytes));
            }
        }
        return candidates;
    }

    /** Drops the given temporal chunks; returns the bytes freed. */
    long drop(Collection<ChunkId> ids) {
        long freed = 0;
        for (ChunkId chunkId : ids) {
            StoredChunk stored = indexes.chunk(chunkId);
            if (stored == null || stored.chunk.isStatic()) {
                continue;
            }
            indexes.removeTemporal(stored);
            indexes.forgetMergedInto(chunkId);
            indexes.bump(stored.chunk.entityPath());
            freed += stored.sizeBytes;
            stored.chunk.close();
        }
        return freed;
    }
}
