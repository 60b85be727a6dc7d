package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import dev.reel.store.MemoryUsage;
import dev.reel.store.StoreHubConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's memory limit, with the viewer's policy (rerun-data-platform.md D.3): memory is the Arrow memory of
 * the hub's allocator, the estimated heap of the stores' indexes, and the query cache. Above the limit the cache
 * is dropped first, then the oldest temporal chunks of all recordings (by smallest row id) until at least a
 * quarter of the memory is freed; static data, blueprints and the newest chunk of every component are never
 * collected. Collection frees memory only: journaled data stays on disk.
 */
final class MemoryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryPolicy.class);
    /**
     * Heap the store keeps per chunk beside its Arrow data: vectors, fields, metadata maps, index entries.
     * Measured by {@code StoreMemoryCheck} (BENCHMARKS.md, "Memory per million rows"): about 5 KB for a
     * one-component chunk and 7.8 KB for a compacted one.
     */
    static final long HEAP_PER_CHUNK = 6 * 1024;
    /**
     * Heap per received chunk id remembered after its chunk was merged into another, so that it stays a
     * duplicate (two hash-set entries and the id): measured with StoreMemoryCheck on live 1-to-16-row data.
     */
    static final long HEAP_PER_MERGED_ID = 160;

    private final BufferAllocator allocator;
    private final QueryCache cache;
    private final Supplier<Collection<PooledStore>> stores;
    private final AtomicLong collected = new AtomicLong();
    /** The limit: the configuration's, until it is changed while running. */
    private volatile long limit;

    MemoryPolicy(StoreHubConfig config, BufferAllocator allocator, QueryCache cache,
            Supplier<Collection<PooledStore>> stores) {
        this.limit = config.memoryLimitBytes();
        this.allocator = allocator;
        this.cache = cache;
        this.stores = stores;
    }

    MemoryUsage usage() {
        return new MemoryUsage(used(), limit, allocator.getAllocatedMemory(),
                cache.weightedSize(), collected.get());
    }

    private long used() {
        long heap = 0;
        for (PooledStore store : stores.get()) {
            heap += store.chunks.heapEstimate();
        }
        return allocator.getAllocatedMemory() + heap + cache.weightedSize();
    }

    /** Collects if memory is over the limit; called after every insert. */
    void collectIfNeeded() {
        if (used() > limit) {
            collect();
        }
    }

    /** A new limit, applied at once: over it, the oldest temporal data is collected now. */
    void setLimit(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a memory limit must be positive, got " + bytes);
        }
        limit = bytes;
        collectIfNeeded();
    }

    private synchronized void collect() {
        long limit = this.limit;
        long used = used();
        if (used <= limit) {
            return; // another thread collected meanwhile
        }
        cache.clear();
        used = used();
        if (used <= limit) {
            return;
        }
        // Rerun's viewer frees clamp(excess + 20%, 25%, 100%) of what it uses
        double fraction = Math.min(1.0, Math.max(0.25, (double) (used - limit) / used + 0.2));
        long freed = collect((long) (used * fraction));
        collected.addAndGet(freed);
        LOG.info("memory {} MiB over the limit of {} MiB: collected {} MiB of the oldest temporal data",
                (used - limit) >> 20, limit >> 20, freed >> 20);
    }

    /** Drops the oldest temporal chunks of all recordings until {@code target} bytes are freed. */
    private long collect(long target) {
        List<InMemoryChunkStore.GcCandidate> candidates = new ArrayList<>();
        for (PooledStore store : stores.get()) {
            if (!store.id().isBlueprint()) {
                candidates.addAll(store.chunks.gcCandidates());
            }
        }
        candidates.sort(Comparator.comparing(InMemoryChunkStore.GcCandidate::minRowId));
        Map<InMemoryChunkStore, List<ChunkId>> chosen = new LinkedHashMap<>();
        long planned = 0;
        for (InMemoryChunkStore.GcCandidate candidate : candidates) {
            if (planned >= target) {
                break;
            }
            chosen.computeIfAbsent(candidate.store(), s -> new ArrayList<>()).add(candidate.chunkId());
            planned += candidate.sizeBytes() + HEAP_PER_CHUNK;
        }
        long freed = 0;
        for (Map.Entry<InMemoryChunkStore, List<ChunkId>> entry : chosen.entrySet()) {
            freed += entry.getKey().drop(entry.getValue()) + entry.getValue().size() * HEAP_PER_CHUNK;
        }
        return freed;
    }
}
