package dev.reel.benchmarks;

import dev.reel.store.hub.StoreHubs;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.log.ArrowMsg;
import dev.reel.store.ChunkStore;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Viewer stores full of {@link ScalarChunks} signals, filled the way a live recording fills them: time moves
 * forward round by round, and in each round every entity sends one chunk, so chunks arrive interleaved across
 * entities and the store compacts each entity's neighbours. The hub's memory limit is high enough that nothing
 * is ever collected.
 */
final class ScalarStore {
    static final StoreId RECORDING = StoreId.recording("reel_benchmark", "scalar-store");
    static final String SOURCE = "benchmark";
    private static final long SEED = 0x5EED_2026L;

    private ScalarStore() {}

    /** An empty hub with this chunk-store config and no memory pressure. */
    static StoreHub hub(BufferAllocator allocator, ChunkStoreConfig config) {
        return StoreHubs.inMemory(StoreHubConfig.defaults().withChunkStore(config).withMemoryLimit(Long.MAX_VALUE / 2),
                allocator);
    }

    /** Every entity sends chunks of exactly {@code batchRows} rows (an SDK batcher under steady load). */
    static List<ArrowMsg> batched(BufferAllocator allocator, int entities, int rowsPerEntity, int batchRows) {
        List<ArrowMsg> messages = new ArrayList<>();
        for (int from = 0; from < rowsPerEntity; from += batchRows) {
            int count = Math.min(batchRows, rowsPerEntity - from);
            for (int entity = 0; entity < entities; entity++) {
                messages.add(new ArrowMsg(RECORDING, ScalarChunks.build(allocator, entity, from, count)));
            }
        }
        return messages;
    }

    /**
     * Every entity sends chunks of 1 to {@code maxBatchRows} rows, sizes drawn from a fixed seed (a live logger
     * whose batcher flushes on a short timer).
     */
    static List<ArrowMsg> live(BufferAllocator allocator, int entities, int rowsPerEntity, int maxBatchRows) {
        SplittableRandom random = new SplittableRandom(SEED);
        long[] next = new long[entities];
        List<ArrowMsg> messages = new ArrayList<>();
        boolean more = true;
        while (more) {
            more = false;
            for (int entity = 0; entity < entities; entity++) {
                int count = (int) Math.min(1 + random.nextInt(maxBatchRows), rowsPerEntity - next[entity]);
                if (count > 0) {
                    messages.add(new ArrowMsg(RECORDING, ScalarChunks.build(allocator, entity, next[entity], count)));
                    next[entity] += count;
                    more = true;
                }
            }
        }
        return messages;
    }

    /** Hands every message to the hub, in order, and forgets it (the hub owns it then). */
    static void ingest(StoreHub hub, List<ArrowMsg> messages) {
        for (int i = 0; i < messages.size(); i++) {
            hub.ingest(messages.get(i), SOURCE);
            messages.set(i, null);
        }
        messages.clear();
    }

    static ChunkStore store(StoreHub hub) {
        return hub.store(RECORDING).orElseThrow();
    }

    static EntityPath[] paths(int entities) {
        EntityPath[] paths = new EntityPath[entities];
        for (int i = 0; i < entities; i++) {
            paths[i] = ScalarChunks.entity(i);
        }
        return paths;
    }
}
