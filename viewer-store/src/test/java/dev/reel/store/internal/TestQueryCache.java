package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.store.ComponentCell;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestQueryCache {
    private static final StoreId STORE = StoreId.recording("app", "rec");
    private static final EntityPath ENTITY = EntityPath.parse("robot");
    private static final Timeline TIME = Timeline.sequence("frame");
    /** About 200 bytes an entry: room for far more entries than any test asks. */
    private static final long BYTES = 64L << 20;

    private final AtomicInteger queries = new AtomicInteger();

    private Optional<ComponentCell> ask(QueryCache cache, long time) {
        QueryCache.Key key = new QueryCache.Key(STORE, ENTITY, 0, "Scalars:scalars", TIME, time);
        return cache.latestAt(key, () -> {
            queries.incrementAndGet();
            return Optional.of(new ComponentCell(time, new Tuid(time, 1), new ChunkId(new Tuid(1, 1)), List.of(1.0)));
        });
    }

    private static long entries(QueryCache cache) {
        return cache.weightedSize() / 216;
    }

    @Test
    void queriesThatNeverComeBackAreSampledNotAllKept() {
        QueryCache cache = new QueryCache(BYTES);
        for (int time = 0; time < 16 * 1024; time++) {
            ask(cache, time);
        }
        // the first window keeps everything (nothing is known yet), later ones one answer in 16
        assertThat(entries(cache)).isBetween(1024L, 1024L + 15 * 1024 / 16 + 16);
        assertThat(queries).hasValue(16 * 1024);
    }

    @Test
    void queriesThatComeBackAreAnsweredFromTheCacheAgain() {
        QueryCache cache = new QueryCache(BYTES);
        for (int time = 0; time < 8 * 1024; time++) {
            ask(cache, 1_000_000 + time); // a scrub: sampling starts
        }
        // a viewer redrawing the same 64 times: the sample catches them and keeping everything resumes
        for (int round = 0; round < 64; round++) {
            for (int time = 0; time < 64; time++) {
                ask(cache, time);
            }
        }
        queries.set(0);
        for (int time = 0; time < 64; time++) {
            assertThat(ask(cache, time)).get().extracting(ComponentCell::time).isEqualTo((long) time);
        }
        assertThat(queries).as("queries that reached the store").hasValue(0);
    }
}
