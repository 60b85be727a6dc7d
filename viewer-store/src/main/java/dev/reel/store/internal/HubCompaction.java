package dev.reel.store.internal;

import dev.reel.api.log.Chunk;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;

/**
 * Rerun's offline compaction of a whole hub ({@code rrd optimize}): every chunk is re-inserted, in chunk-id order,
 * into a fresh hub with the given thresholds, pass after pass, until a pass no longer reduces the number of
 * chunks. Blueprint clones are not carried over; the source hub is left as it is.
 */
final class HubCompaction {
    private HubCompaction() {}

    static StoreHub compacted(ViewerStoreHub source, StoreHubConfig config, ChunkStoreConfig compaction,
            int maxPasses) {
        StoreHubConfig settings = config.withChunkStore(compaction);
        // every pass's hub is a child of the source's allocator: a pass's hub is closed while the next one lives
        ViewerStoreHub current = copy(source, source, settings);
        for (int pass = 1; pass < maxPasses; pass++) {
            ViewerStoreHub next = copy(current, source, settings);
            boolean fewer = chunkCount(next) < chunkCount(current);
            current.close();
            current = next;
            if (!fewer) {
                break;
            }
        }
        return current;
    }

    private static ViewerStoreHub copy(ViewerStoreHub source, ViewerStoreHub parent, StoreHubConfig settings) {
        ViewerStoreHub target = parent.emptyLike(settings);
        for (PooledStore store : source.pooledStores()) {
            if (store.isClone()) {
                continue;
            }
            PooledStore copy = target.newStore(store.id(), null);
            copy.info = store.info;
            copy.sources.addAll(store.sources);
            target.adopt(copy);
            for (Chunk chunk : store.chunks.chunksById()) {
                copy.chunks.insert(ChunkOps.slice(chunk, 0, chunk.numRows(), target.allocator()));
            }
        }
        return target;
    }

    private static long chunkCount(ViewerStoreHub hub) {
        return hub.pooledStores().stream().mapToLong(s -> s.chunks.chunkCount()).sum();
    }
}
