package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.TimeInt;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.ComponentCell;
import dev.reel.store.InsertResult;
import dev.reel.testing.LeakCheckingAllocator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Rerun's chunk store semantics (rerun-data-platform.md D.3), checked on the cases of Rerun's own store tests
 * ({@code re_chunk_store/tests/reads.rs, correctness.rs, gc.rs, writes}) with hand-computed expectations. Each
 * value logged is the counter of the row id that logged it, so a result names its row.
 */
class TestInMemoryChunkStore {
    private static final Timeline FRAME = Timeline.sequence("frame");
    private static final EntityPath ENTITY = EntityPath.parse("this/that");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private InMemoryChunkStore store;

    private InMemoryChunkStore store(ChunkStoreConfig config) {
        store = new InMemoryChunkStore(StoreId.recording("app", "rec"), config, arrow.allocator(), new QueryCache(1 << 20));
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private static Tuid row(long n) {
        return new Tuid(1_000_000, n);
    }

    private Optional<Long> latest(String component, long frame) {
        return store.latestAt(ENTITY, component, FRAME, frame).map(TestInMemoryChunkStore::rowOf);
    }

    private static long rowOf(ComponentCell cell) {
        return cell.rowId().inc();
    }

    enum Config {
        COMPACTION_DISABLED(ChunkStoreConfig.DISABLED), DEFAULT(ChunkStoreConfig.DEFAULT);

        final ChunkStoreConfig config;

        Config(ChunkStoreConfig config) {
            this.config = config;
        }
    }

    /** reads.rs::latest_at — static data beats temporal data of the same component at every time. */
    @ParameterizedTest
    @EnumSource(Config.class)
    void latestAtWithStaticShadowing(Config config) {
        store(config.config);
        store.insert(TestChunks.of("this/that").row(row(1), 1, "index", "colors").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(2), 2, "index", "points").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(3), 3, "points").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(4), 4, "colors").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").staticRow(row(5), "colors").build(arrow.allocator()));

        long[][] expected = {
            // frame: colors, index, points (-1: nothing)
            {5, -1, -1}, {5, 1, -1}, {5, 2, 2}, {5, 2, 3}, {5, 2, 3}};
        for (int frame = 0; frame <= 4; frame++) {
            assertThat(latest("colors", frame)).as("colors at %d", frame).contains(expected[frame][0]);
            assertThat(latest("index", frame).orElse(-1L)).as("index at %d", frame).isEqualTo(expected[frame][1]);
            assertThat(latest("points", frame).orElse(-1L)).as("points at %d", frame).isEqualTo(expected[frame][2]);
        }
        assertThat(store.latestAt(ENTITY, "colors", FRAME, 4).orElseThrow().time()).isEqualTo(TimeInt.STATIC);
    }

    /** reads.rs::latest_at_overlapped_chunks — at equal times the larger row id wins. */
    @ParameterizedTest
    @EnumSource(Config.class)
    void latestAtOverOverlappingChunks(Config config) {
        store(config.config);
        store.insert(TestChunks.of("this/that").row(row(11), 1, "c").row(row(13), 3, "c").row(row(15), 5, "c")
                .row(row(17), 7, "c").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(22), 2, "c").row(row(23), 3, "c").row(row(24), 4, "c")
                .build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(32), 2, "c").row(row(34), 4, "c").row(row(36), 6, "c")
                .build(arrow.allocator()));
        Map<Long, Long> expected = Map.of(1L, 11L, 2L, 32L, 3L, 23L, 4L, 34L, 5L, 15L, 6L, 36L, 7L, 17L,
                TimeInt.MAX, 17L);
        expected.forEach((frame, winner) -> assertThat(latest("c", frame)).as("frame %d", frame).contains(winner));
    }

    /** reads.rs::latest_at_sparse_component_edge_case — a chunk's start for a component is its first non-null row. */
    @Test
    void latestAtWithSparseComponents() {
        store(ChunkStoreConfig.DISABLED);
        store.insert(TestChunks.of("this/that")
                .row(row(1), Map.of("frame", 1L), Map.of("other", new double[] {1}))
                .row(row(2), Map.of("frame", 2L), Map.of("other", new double[] {2}))
                .row(row(3), Map.of("frame", 3L), Map.of("index", new double[] {3}))
                .build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(4), 2, "index").build(arrow.allocator()));
        assertThat(latest("index", TimeInt.MAX)).contains(3L);
        assertThat(latest("index", 2)).contains(4L);
    }

    /** correctness.rs::row_id_ordering_semantics — row ids, not arrival order, decide. */
    @Test
    void rowIdsNotArrivalOrderDecide() {
        store(ChunkStoreConfig.DISABLED);
        store.insert(TestChunks.of("this/that").row(row(10), 10, "c").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(20), 10, "c").build(arrow.allocator()));
        assertThat(latest("c", 10)).contains(20L);
        store.insert(TestChunks.of("this/that").row(row(15), 10, "c").build(arrow.allocator()));
        assertThat(latest("c", 10)).as("a later arrival with a smaller row id loses").contains(20L);

        store.insert(TestChunks.of("this/that").staticRow(row(50), "s").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").staticRow(row(40), "s").build(arrow.allocator()));
        assertThat(store.latestAtStatic(ENTITY, "s").map(TestInMemoryChunkStore::rowOf)).contains(50L);

        ChunkId id = ChunkId.next();
        assertThat(store.insert(TestChunks.of("this/that").id(id).row(row(60), 60, "d").build(arrow.allocator())))
                .isEqualTo(InsertResult.ADDED);
        assertThat(store.insert(TestChunks.of("this/that").id(id).row(row(70), 70, "d").build(arrow.allocator())))
                .isEqualTo(InsertResult.DUPLICATE);
        assertThat(latest("d", TimeInt.MAX)).as("the first payload stays").contains(60L);
    }

    /** reads.rs::range — inclusive bounds, chunk order, static shadowing. */
    @Test
    void rangeReturnsValuesInclusivelyAndStaticShadowsTemporal() {
        store(ChunkStoreConfig.DISABLED);
        store.insert(TestChunks.of("this/that").row(row(1), 1, "index", "colors").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(2), 2, "index", "points").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(3), 3, "points").build(arrow.allocator()));
        ChunkId later = ChunkId.next();
        ChunkId earlier = new ChunkId(new Tuid(later.tuid().timeNs() - 1, 0));
        store.insert(TestChunks.of("this/that").id(later).row(row(41), 4, "index", "points").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").id(earlier).row(row(44), 4, "index", "points").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").staticRow(row(5), "colors").build(arrow.allocator()));

        assertThat(range("points", 1, 1)).isEmpty();
        assertThat(range("points", 2, 2)).containsExactly(2L);
        assertThat(range("points", 4, 4)).as("same start time: chunk id order").containsExactly(44L, 41L);
        assertThat(range("points", 5, 5)).isEmpty();
        assertThat(range("points", TimeInt.MIN, TimeInt.MAX)).containsExactly(2L, 3L, 44L, 41L);
        assertThat(range("colors", 1, 1)).containsExactly(5L);
        assertThat(range("colors", 5, 5)).as("static shadows every range").containsExactly(5L);
        assertThat(store.range(ENTITY, "colors", FRAME, 5, 5).get(0).isStatic()).isTrue();
    }

    private List<Long> range(String component, long min, long max) {
        return store.range(ENTITY, component, FRAME, min, max).stream().map(TestInMemoryChunkStore::rowOf).toList();
    }

    /** writes: compaction_simple — neighbours merge into one chunk, rows in row-id order. */
    @Test
    void compactionMergesNeighboursInRowIdOrder() {
        store(ChunkStoreConfig.DEFAULT);
        store.insert(TestChunks.of("this/that").row(row(1), 1, "c").row(row(2), 3, "c").row(row(3), 5, "c")
                .build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(4), 7, "c").row(row(5), 9, "c").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(6), 1, "c").row(row(7), 3, "c").row(row(8), 5, "c")
                .build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(9), 7, "c").row(row(10), 9, "c").build(arrow.allocator()));
        assertThat(store.stats().chunks()).isEqualTo(1);
        assertThat(store.stats().rows()).isEqualTo(10);
        long[] frames = new long[10];
        long[] ids = new long[10];
        store.forEachChunk(chunk -> {
            for (int i = 0; i < chunk.numRows(); i++) {
                frames[i] = chunk.timeColumn(FRAME).orElseThrow().get(i);
                ids[i] = chunk.rowId(i).inc();
            }
            assertThat(chunk.timeColumn(FRAME).orElseThrow().isSorted()).isFalse();
        });
        assertThat(frames).containsExactly(1, 3, 5, 7, 9, 1, 3, 5, 7, 9);
        assertThat(ids).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(latest("c", 5)).contains(8L);
        assertThat(range("c", 3, 7)).containsExactly(2L, 7L, 3L, 8L, 4L, 9L);
    }

    @Test
    void compactionStopsAtTheThresholds() {
        store(new ChunkStoreConfig(1L << 30, 4, 4));
        for (int i = 0; i < 10; i++) {
            store.insert(TestChunks.of("this/that").row(row(i), i, "c").build(arrow.allocator()));
        }
        assertThat(store.stats().rows()).isEqualTo(10);
        store.forEachChunk(chunk -> assertThat(chunk.numRows()).isLessThanOrEqualTo(4));
        assertThat(store.stats().chunks()).isBetween(3, 4);
    }

    /** A merge that leaves a timeline unsorted is held to the row limit of unsorted chunks. */
    @Test
    void anUnsortedMergeStopsAtTheUnsortedRowLimit() {
        store(new ChunkStoreConfig(1L << 30, 100, 4));
        TestChunks sorted = TestChunks.of("this/that");
        for (int i = 0; i < 10; i++) {
            sorted.row(row(i), 100 + i, "c");
        }
        store.insert(sorted.build(arrow.allocator()));
        // later rows, earlier times: merged after the first chunk, the timeline would go back
        store.insert(TestChunks.of("this/that").row(row(10), 1, "c").row(row(11), 2, "c").build(arrow.allocator()));
        assertThat(store.stats().rows()).isEqualTo(12);
        assertThat(store.stats().chunks()).as("12 unsorted rows are over the unsorted limit of 4").isEqualTo(2);
    }

    /** A threshold of 0 means no limit, for merging as for splitting ({@code RERUN_CHUNK_MAX_BYTES=0}). */
    @Test
    void aZeroThresholdIsNoLimitWhenMerging() {
        store(new ChunkStoreConfig(0, 8, 8));
        for (int i = 0; i < 8; i++) {
            store.insert(TestChunks.of("this/that").row(row(i), i, "c").build(arrow.allocator()));
        }
        assertThat(store.stats().chunks()).isEqualTo(1);
        assertThat(store.stats().rows()).isEqualTo(8);
    }

    @Test
    void tooBigChunksAreSplitOnIngest() {
        store(ChunkStoreConfig.DEFAULT);
        TestChunks big = TestChunks.of("this/that");
        for (int i = 0; i < 10_000; i++) {
            big.row(row(i), i, "c");
        }
        assertThat(store.insert(big.build(arrow.allocator()))).isEqualTo(InsertResult.SPLIT);
        assertThat(store.stats().rows()).isEqualTo(10_000);
        store.forEachChunk(chunk -> assertThat(chunk.numRows()).isLessThanOrEqualTo(4096));
        assertThat(latest("c", 9_999)).contains(9_999L);
        assertThat(range("c", 4_095, 4_097)).containsExactly(4_095L, 4_096L, 4_097L);
    }

    /** writes: static_overwrites — a static chunk no component points at any more is removed. */
    @Test
    void overwrittenStaticChunksAreRemoved() {
        store(ChunkStoreConfig.DEFAULT);
        store.insert(TestChunks.of("this/that").staticRow(row(1), "points", "colors", "labels").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").staticRow(row(2), "points", "colors").build(arrow.allocator()));
        assertThat(store.stats().chunks()).isEqualTo(2);
        store.insert(TestChunks.of("this/that").staticRow(row(3), "labels").build(arrow.allocator()));
        assertThat(store.stats().chunks()).isEqualTo(2);
        assertThat(store.stats().staticChunks()).isEqualTo(2);
        assertThat(store.latestAtStatic(ENTITY, "labels").map(TestInMemoryChunkStore::rowOf)).contains(3L);
        assertThat(store.latestAtStatic(ENTITY, "points").map(TestInMemoryChunkStore::rowOf)).contains(2L);
        assertThat(store.insert(TestChunks.of("this/that").staticRow(row(0), "points").build(arrow.allocator())))
                .isEqualTo(InsertResult.SHADOWED);
    }

    /** gc.rs::protected — GC with protect-latest keeps the newest chunk of every component. */
    @Test
    void garbageCollectionKeepsTheLatestOfEveryComponent() {
        store(ChunkStoreConfig.DISABLED);
        store.insert(TestChunks.of("this/that").row(row(1), 1, "index", "colors").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(2), 2, "index", "points").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(3), 3, "points").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").row(row(4), 4, "colors").build(arrow.allocator()));
        store.insert(TestChunks.of("this/that").staticRow(row(5), "label").build(arrow.allocator()));

        store.drop(store.gcCandidates().stream().map(InMemoryChunkStore.GcCandidate::chunkId).toList());

        long[][] expected = {{-1, -1, -1}, {-1, -1, -1}, {2, -1, 2}, {2, -1, 3}, {2, 4, 3}};
        for (int frame = 1; frame <= 4; frame++) {
            assertThat(latest("index", frame).orElse(-1L)).as("index at %d", frame).isEqualTo(expected[frame][0]);
            assertThat(latest("colors", frame).orElse(-1L)).as("colors at %d", frame).isEqualTo(expected[frame][1]);
            assertThat(latest("points", frame).orElse(-1L)).as("points at %d", frame).isEqualTo(expected[frame][2]);
        }
        assertThat(store.latestAtStatic(ENTITY, "label")).as("static data is never collected").isPresent();
        assertThat(store.stats().chunks()).isEqualTo(4);
    }

    /**
     * The totals behind {@code GET /api/recordings} follow every change: compaction, static overrides and
     * collection (the timeline's range shrinks with the chunks collected).
     */
    @ParameterizedTest
    @EnumSource(Config.class)
    void statsFollowInsertsOverridesAndCollection(Config config) {
        store(config.config);
        store.insert(TestChunks.of("a").row(row(1), 1, "x").build(arrow.allocator()));
        store.insert(TestChunks.of("b").row(row(2), 2, "x").build(arrow.allocator()));
        store.insert(TestChunks.of("a").row(row(3), 7, "x").build(arrow.allocator()));
        store.insert(TestChunks.of("b").row(row(4), 9, "x").build(arrow.allocator()));
        store.insert(TestChunks.of("c").staticRow(row(5), "label").build(arrow.allocator()));
        store.insert(TestChunks.of("c").staticRow(row(6), "label").build(arrow.allocator()));

        var stats = store.stats();
        assertThat(stats.rows()).as("the first static row was replaced").isEqualTo(5);
        assertThat(stats.staticChunks()).isEqualTo(1);
        assertThat(stats.chunks()).isEqualTo(config == Config.DEFAULT ? 3 : 5);
        assertThat(stats.entities()).containsExactlyInAnyOrder(EntityPath.parse("a"), EntityPath.parse("b"),
                EntityPath.parse("c"));
        assertThat(stats.timelines()).containsEntry(FRAME, new dev.reel.store.TimeRange(1, 9));

        store.drop(store.gcCandidates().stream().map(InMemoryChunkStore.GcCandidate::chunkId).toList());
        stats = store.stats();
        if (config == Config.DEFAULT) {
            assertThat(stats.rows()).as("each entity's only chunk is its latest: nothing to collect").isEqualTo(5);
        } else {
            assertThat(stats.rows()).isEqualTo(3);
            assertThat(stats.timelines()).as("the range shrinks with collection")
                    .containsEntry(FRAME, new dev.reel.store.TimeRange(7, 9));
        }
        assertThat(stats.bytes()).isEqualTo(store.sizeBytes());
    }

    @Test
    void chunksWithoutRowsOrComponentsAreNotStored() {
        store(ChunkStoreConfig.DEFAULT);
        assertThat(store.insert(TestChunks.of("x").build(arrow.allocator()))).isEqualTo(InsertResult.EMPTY);
        assertThat(store.insert(TestChunks.of("x").row(row(1), Map.of("frame", 1L), Map.of()).build(arrow.allocator())))
                .isEqualTo(InsertResult.NO_COMPONENTS);
        assertThat(store.stats().chunks()).isZero();
    }

    /** Every received id stays a duplicate however many merges its rows went through, and a GC forgets it. */
    @Test
    void receivedIdsStayDuplicatesAcrossRepeatedCompaction() {
        store(ChunkStoreConfig.DEFAULT);
        List<ChunkId> received = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            ChunkId id = ChunkId.next();
            received.add(id);
            store.insert(TestChunks.of("this/that").id(id).row(row(i), i, "c").build(arrow.allocator()));
        }
        assertThat(store.stats().chunks()).as("compacted into one chunk").isEqualTo(1);
        for (ChunkId id : received) {
            assertThat(store.insert(TestChunks.of("this/that").id(id).row(row(100), 100, "c")
                    .build(arrow.allocator()))).as("id %s", id).isEqualTo(InsertResult.DUPLICATE);
        }
        assertThat(store.heapEstimate()).as("one chunk and the 20 ids merged into it")
                .isEqualTo(MemoryPolicy.HEAP_PER_CHUNK + 20 * MemoryPolicy.HEAP_PER_MERGED_ID);
        assertThat(latest("c", TimeInt.MAX)).contains(20L);
    }

    @Test
    void rowsOutOfRowIdOrderAreSortedAndTheReceivedIdStaysADuplicate() {
        store(ChunkStoreConfig.DISABLED);
        ChunkId id = ChunkId.next();
        assertThat(store.insert(TestChunks.of("this/that").id(id).row(row(9), 1, "c").row(row(3), 2, "c")
                .build(arrow.allocator()))).isEqualTo(InsertResult.ADDED);
        store.forEachChunk(chunk -> assertThat(chunk.rowId(0).inc()).isEqualTo(3));
        assertThat(store.insert(TestChunks.of("this/that").id(id).row(row(20), 5, "c").build(arrow.allocator())))
                .isEqualTo(InsertResult.DUPLICATE);
    }
}
