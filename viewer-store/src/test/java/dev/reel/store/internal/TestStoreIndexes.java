package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.testing.LeakCheckingAllocator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The indexes stay in step: merged ids, static replacement and temporal removal. */
class TestStoreIndexes {
    private static final Timeline FRAME = Timeline.sequence("frame");
    private static final EntityPath ENTITY = EntityPath.parse("this/that");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private final StoreIndexes indexes = new StoreIndexes();

    @AfterEach
    void close() {
        indexes.close();
    }

    private static Tuid row(long n) {
        return new Tuid(4_000_000, n);
    }

    @Test
    void mergedIdsStayKnownUntilTheChunkTheyLiveInIsForgotten() {
        ChunkId received1 = ChunkId.next();
        ChunkId sorted = ChunkId.next();
        ChunkId received2 = ChunkId.next();
        ChunkId merged = ChunkId.next();
        indexes.recordMerge(sorted, received1);
        indexes.recordMerge(merged, sorted, received2);

        assertThat(indexes.holds(received1)).isTrue();
        assertThat(indexes.holds(received2)).isTrue();
        assertThat(indexes.holds(sorted)).as("an id the store made is never received: not kept").isFalse();
        assertThat(indexes.heapEstimate()).isEqualTo(2 * MemoryPolicy.HEAP_PER_MERGED_ID);

        indexes.forgetMergedInto(merged);
        assertThat(indexes.holds(received1)).isFalse();
        assertThat(indexes.holds(received2)).isFalse();
        assertThat(indexes.heapEstimate()).isZero();
    }

    @Test
    void aStaticChunkNoComponentPointsAtAnyMoreIsRemoved() {
        StoredChunk first = new StoredChunk(TestChunks.of("this/that").staticRow(row(1), "points", "colors")
                .build(arrow.allocator()), false);
        StoredChunk second = new StoredChunk(TestChunks.of("this/that").staticRow(row(2), "points")
                .build(arrow.allocator()), false);
        StoredChunk third = new StoredChunk(TestChunks.of("this/that").staticRow(row(3), "colors")
                .build(arrow.allocator()), false);
        indexes.addStatic(first, List.of("points", "colors"));
        indexes.addStatic(second, List.of("points"));
        assertThat(indexes.chunkCount()).as("the first still holds colors").isEqualTo(2);

        indexes.addStatic(third, List.of("colors"));
        assertThat(indexes.chunkIds()).containsExactlyInAnyOrder(second.chunk.id(), third.chunk.id());
        assertThat(indexes.staticChunk(ENTITY, "colors")).isSameAs(third);
        assertThat(indexes.stats().staticChunks()).isEqualTo(2);
        assertThat(indexes.components(ENTITY)).containsExactly("colors", "points");
    }

    @Test
    void removingTheLastChunkOfAComponentEmptiesItsTimeIndex() {
        StoredChunk stored = new StoredChunk(TestChunks.of("this/that").row(row(1), 1, "c")
                .build(arrow.allocator()), false);
        indexes.addTemporal(stored);
        assertThat(indexes.temporal(ENTITY, FRAME, "c")).isNotNull();
        assertThat(indexes.chunksOfEntity(ENTITY)).containsExactly(stored.chunk);

        indexes.removeTemporal(stored);
        stored.chunk.close();
        assertThat(indexes.temporal(ENTITY, FRAME, "c")).isNull();
        assertThat(indexes.components(ENTITY)).isEmpty();
        assertThat(indexes.byMinRowId()).isEmpty();
        assertThat(indexes.stats().chunks()).isZero();
    }
}
