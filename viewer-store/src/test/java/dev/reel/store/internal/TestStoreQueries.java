package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.EntityPath;
import dev.reel.api.TimeInt;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.store.ComponentCell;
import dev.reel.testing.LeakCheckingAllocator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Latest-at and range resolved row by row over indexes filled by hand (no compaction, no cache): unsorted
 * chunks, chunks that start long before the query time, and static values with nulls. Each value logged is the
 * counter of the row id that logged it, so a result names its row.
 */
class TestStoreQueries {
    private static final Timeline FRAME = Timeline.sequence("frame");
    private static final EntityPath ENTITY = EntityPath.parse("this/that");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private final StoreIndexes indexes = new StoreIndexes();
    private final StoreQueries queries = new StoreQueries(indexes);

    @AfterEach
    void close() {
        indexes.close();
    }

    private static Tuid row(long n) {
        return new Tuid(3_000_000, n);
    }

    private void addTemporal(TestChunks chunk) {
        indexes.addTemporal(new StoredChunk(chunk.build(arrow.allocator()), false));
    }

    private Optional<Long> latest(String component, long frame) {
        return queries.latestAt(ENTITY, component, FRAME, frame).map(ComponentCell::rowId).map(Tuid::inc);
    }

    private List<Long> range(String component, long min, long max) {
        return queries.range(ENTITY, component, FRAME, min, max).stream().map(c -> c.rowId().inc()).toList();
    }

    @Test
    void latestAtInAnUnsortedChunkTakesTheGreatestTimeThenTheGreatestRowId() {
        addTemporal(TestChunks.of("this/that").row(row(1), 5, "c").row(row(2), 3, "c").row(row(3), 5, "c")
                .row(row(4), 9, "c"));
        assertThat(latest("c", 2)).isEmpty();
        assertThat(latest("c", 4)).contains(2L);
        assertThat(latest("c", 6)).as("two rows at 5: the greater row id").contains(3L);
        assertThat(latest("c", TimeInt.MAX)).contains(4L);
    }

    @Test
    void latestAtLooksBackToChunksThatStartedLongBefore() {
        addTemporal(TestChunks.of("this/that").row(row(1), 0, "c").row(row(2), 100, "c"));
        addTemporal(TestChunks.of("this/that").row(row(3), 50, "c"));
        assertThat(latest("c", 49)).contains(1L);
        assertThat(latest("c", 60)).contains(3L);
        assertThat(latest("c", 100)).as("the chunk starting at 0 holds the latest row").contains(2L);
    }

    @Test
    void theStaticValueIsTheNonNullRowWithTheHighestRowIdAndShadowsTemporalData() {
        indexes.addStatic(new StoredChunk(TestChunks.of("this/that")
                .row(row(1), Map.of(), Map.of("s", new double[] {1}))
                .row(row(2), Map.of(), Map.of("s", new double[] {2}, "t", new double[] {2}))
                .row(row(3), Map.of(), Map.of("t", new double[] {3}))
                .build(arrow.allocator()), false), List.of("s", "t"));
        addTemporal(TestChunks.of("this/that").row(row(4), 1, "s"));

        assertThat(queries.staticCell(ENTITY, "s").map(c -> c.rowId().inc())).contains(2L);
        assertThat(queries.staticCell(ENTITY, "t").map(c -> c.rowId().inc())).contains(3L);
        assertThat(queries.latestAt(ENTITY, "s", FRAME, 1).orElseThrow().isStatic()).isTrue();
        assertThat(range("s", 0, 10)).containsExactly(2L);
        assertThat(queries.staticCell(ENTITY, "u")).isEmpty();
    }

    @Test
    void rangeInAnUnsortedChunkIsOrderedByTimeThenRowId() {
        addTemporal(TestChunks.of("this/that").row(row(1), 5, "c").row(row(2), 3, "c").row(row(3), 5, "c")
                .row(row(4), 9, "c").row(row(5), 1, "c"));
        assertThat(range("c", 3, 5)).containsExactly(2L, 1L, 3L);
        assertThat(range("c", TimeInt.MIN, TimeInt.MAX)).containsExactly(5L, 2L, 1L, 3L, 4L);
        assertThat(range("c", 10, 20)).isEmpty();
        assertThat(range("other", 0, 10)).isEmpty();
    }
}
