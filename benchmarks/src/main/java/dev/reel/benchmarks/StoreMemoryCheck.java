package dev.reel.benchmarks;

import dev.reel.api.log.ArrowMsg;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.MemoryUsage;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreStats;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Memory the viewer store holds per million rows of scalar signals: Arrow (off-heap) memory from the hub's
 * allocator, and the heap retained by the store's objects and indexes (heap in use after a full GC, with the
 * store, minus the same without it). Prints one Markdown table row per store layout.
 */
public final class StoreMemoryCheck {
    private StoreMemoryCheck() {}

    private interface Messages {
        List<ArrowMsg> build(BufferAllocator allocator);
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "max heap %,d MB%n%n", Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("| layout | config | rows | entities | chunks | rows/chunk | Arrow bytes/row | Arrow MB per "
                + "million rows | heap MB per million rows | heap bytes per chunk | hub's own estimate of heap MB per "
                + "million rows | ingest s |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        measure("1,024-row batches", ChunkStoreConfig.DEFAULT, 1000, 10_000,
                a -> ScalarStore.batched(a, 1000, 10_000, 1024));
        measure("1,024-row batches", ChunkStoreConfig.DISABLED, 1000, 10_000,
                a -> ScalarStore.batched(a, 1000, 10_000, 1024));
        measure("live, 1-16 rows per chunk", ChunkStoreConfig.DEFAULT, 1000, 1_000,
                a -> ScalarStore.live(a, 1000, 1_000, 16));
        measure("live, 1-16 rows per chunk", ChunkStoreConfig.DISABLED, 1000, 1_000,
                a -> ScalarStore.live(a, 1000, 1_000, 16));
    }

    private static void measure(String layout, ChunkStoreConfig config, int entities, int rowsPerEntity,
            Messages messages) {
        try (BufferAllocator allocator = new RootAllocator()) {
            long heapBefore = retainedHeap();
            StoreHub hub = ScalarStore.hub(allocator, config);
            List<ArrowMsg> batch = messages.build(allocator);
            long start = System.nanoTime();
            ScalarStore.ingest(hub, batch);
            double seconds = (System.nanoTime() - start) / 1e9;
            long heapAfter = retainedHeap();
            MemoryUsage memory = hub.memory();
            StoreStats stats = ScalarStore.store(hub).stats();
            double millions = stats.rows() / 1e6;
            long heap = heapAfter - heapBefore;
            // the hub's estimate: what it counts against its limit beyond Arrow memory and the query cache
            long estimatedHeap = memory.usedBytes() - memory.arrowBytes() - memory.cacheBytes();
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %,d | %,.1f | %.1f | %,.1f | %,.1f | %,.0f | %,.1f "
                            + "| %.1f |%n",
                    layout, config.isDisabled() ? "compaction off" : "compaction on (default)", stats.rows(),
                    stats.entities().size(), stats.chunks(), (double) stats.rows() / stats.chunks(),
                    (double) memory.arrowBytes() / stats.rows(), memory.arrowBytes() / 1e6 / millions,
                    heap / 1e6 / millions, (double) heap / stats.chunks(), estimatedHeap / 1e6 / millions, seconds);
            if (stats.rows() != (long) entities * rowsPerEntity) {
                throw new IllegalStateException("expected " + (long) entities * rowsPerEntity + " rows, store has "
                        + stats.rows());
            }
            hub.close();
        }
    }

    /** Heap in use after full collections, so only what is reachable counts. */
    private static long retainedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
