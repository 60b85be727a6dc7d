package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.store.hub.StoreHubs;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.store.ChunkStore;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.MemoryUsage;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreHubConfig;
import dev.reel.testing.LeakCheckingAllocator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The memory limit holds while more than three times the limit streams in: the oldest temporal data goes,
 * static data and the newest data stay (rerun-data-platform.md D.3, "Garbage collection", "Memory limit").
 */
class TestMemoryLimit {
    private static final long LIMIT = 8L << 20;
    private static final Timeline FRAME = Timeline.sequence("frame");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @Test
    void soakThreeTimesTheLimitStaysUnderItKeepingStaticAndNewestData() {
        StoreId id = StoreId.recording("soak", "run");
        try (StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults().withMemoryLimit(LIMIT)
                .withChunkStore(ChunkStoreConfig.DEFAULT), arrow.allocator())) {
            hub.ingest(new ArrowMsg(id, TestChunks.of("config").staticRow(new Tuid(1, 0), "Settings:value")
                    .build(arrow.allocator())), "soak");
            long streamed = 0;
            int frame = 0;
            double[] payload = new double[8_000]; // 64 KB per row
            while (streamed < 3 * LIMIT + LIMIT / 2) {
                String entity = "sensor" + (frame % 4);
                var chunk = TestChunks.of(entity)
                        .row(new Tuid(10, frame + 1), Map.of("frame", (long) frame), Map.of("Blob:data", payload))
                        .build(arrow.allocator());
                streamed += chunk.sizeBytes();
                hub.ingest(new ArrowMsg(id, chunk), "soak");
                MemoryUsage memory = hub.memory();
                assertThat(memory.usedBytes()).as("memory after %d bytes streamed", streamed)
                        .isLessThanOrEqualTo(LIMIT);
                frame++;
            }
            MemoryUsage memory = hub.memory();
            assertThat(memory.collectedBytes()).isGreaterThan(2 * LIMIT);
            ChunkStore store = hub.store(id).orElseThrow();
            assertThat(store.latestAtStatic(EntityPath.parse("config"), "Settings:value"))
                    .as("static data is never collected").isPresent();
            int last = frame - 1;
            assertThat(store.latestAt(EntityPath.parse("sensor" + (last % 4)), "Blob:data", FRAME, last))
                    .as("the newest data is kept").hasValueSatisfying(cell -> assertThat(cell.time()).isEqualTo(last));
            assertThat(store.range(EntityPath.parse("sensor0"), "Blob:data", FRAME, 0, 3))
                    .as("the oldest data is gone").isEmpty();
        }
    }

    @Test
    void aLimitLoweredWhileRunningCollectsAtOnceAndHoldsFromThenOn() {
        StoreId id = StoreId.recording("lowered", "run");
        try (StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults().withMemoryLimit(4 * LIMIT)
                .withChunkStore(ChunkStoreConfig.DEFAULT), arrow.allocator())) {
            double[] payload = new double[8_000];
            for (int frame = 0; hub.memory().usedBytes() < 2 * LIMIT; frame++) {
                hub.ingest(new ArrowMsg(id, TestChunks.of("sensor" + (frame % 4))
                        .row(new Tuid(10, frame + 1), Map.of("frame", (long) frame), Map.of("Blob:data", payload))
                        .build(arrow.allocator())), "lowered");
            }
            assertThat(hub.memory().collectedBytes()).as("under the first limit").isZero();

            hub.setMemoryLimit(LIMIT);

            assertThat(hub.memory().limitBytes()).isEqualTo(LIMIT);
            assertThat(hub.memory().usedBytes()).isLessThanOrEqualTo(LIMIT);
            assertThat(hub.memory().collectedBytes()).isPositive();
            assertThatThrownBy(() -> hub.setMemoryLimit(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theQueryCacheIsDroppedFirstAndInvalidatedOnInsert() {
        StoreId id = StoreId.recording("cache", "run");
        try (StoreHub hub = StoreHubs.inMemory(StoreHubConfig.defaults(), arrow.allocator())) {
            hub.ingest(new ArrowMsg(id, TestChunks.of("x").row(new Tuid(5, 1), 1, "C:c").build(arrow.allocator())), "t");
            ChunkStore store = hub.store(id).orElseThrow();
            assertThat(store.latestAt(EntityPath.parse("x"), "C:c", FRAME, 10).orElseThrow().rowId().inc()).isEqualTo(1);
            hub.ingest(new ArrowMsg(id, TestChunks.of("x").row(new Tuid(5, 2), 2, "C:c").build(arrow.allocator())), "t");
            assertThat(store.latestAt(EntityPath.parse("x"), "C:c", FRAME, 10).orElseThrow().rowId().inc())
                    .as("an insert invalidates the cached answer").isEqualTo(2);
            assertThat(hub.memory().cacheBytes()).isPositive();
        }
    }
}
