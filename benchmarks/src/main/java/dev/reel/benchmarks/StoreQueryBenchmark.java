package dev.reel.benchmarks;

import dev.reel.api.EntityPath;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.Tuid;
import dev.reel.api.log.TimeColumn;
import dev.reel.store.ChunkStore;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.ComponentCell;
import dev.reel.store.StoreHub;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.complex.ListVector;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Queries on a viewer store of ten million scalar rows (1,000 entities of 10,000 rows at 1 kHz, compacted by
 * the default chunk-store config into chunks of up to 4,096 rows), next to the same lookups done straight on
 * the store's Arrow vectors. Queries go to a random entity at a random {@code log_time}.
 *
 * <p>Latest-at is timed per call ({@link Mode#SampleTime}, so percentiles are in the result): with the
 * store's query cache warm (a fixed set of 4,096 queries asked over and over) and with it defeated (a new
 * time, to the nanosecond, on every call). Range scans report rows per second in the {@code rows} counter.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.OPEN_NIO, JvmFlags.UNSAFE_ALLOCATOR, JvmFlags.STORE_HEAP,
        JvmFlags.FIXED_STORE_HEAP, JvmFlags.PRE_TOUCH})
public class StoreQueryBenchmark {
    static final int ENTITIES = 1_000;
    static final int ROWS_PER_ENTITY = 10_000;
    /** An SDK batcher's chunk under steady load; the store compacts them to 4,096 rows. */
    static final int BATCH_ROWS = 1_024;
    /** Warm-cache queries: far fewer than the cache holds (about 300,000 entries in 64 MiB). */
    static final int WARM_QUERIES = 4_096;

    /** The store, and its chunks per entity in time order for the direct lookups. */
    @State(Scope.Benchmark)
    public static class Store {
        BufferAllocator allocator;
        StoreHub hub;
        ChunkStore store;
        EntityPath[] paths;
        /** Per entity, per chunk in time order: the chunk, its {@code log_time} column and its scalar column. */
        Chunk[][] chunks;
        TimeColumn[][] times;
        ListVector[][] scalars;

        @Setup(Level.Trial)
        public void fill() {
            allocator = new RootAllocator();
            hub = ScalarStore.hub(allocator, ChunkStoreConfig.DEFAULT);
            List<ArrowMsg> messages = ScalarStore.batched(allocator, ENTITIES, ROWS_PER_ENTITY, BATCH_ROWS);
            ScalarStore.ingest(hub, messages);
            store = ScalarStore.store(hub);
            paths = ScalarStore.paths(ENTITIES);
            indexChunks();
        }

        /**
         * The store's own chunk objects, kept for direct reads. The store is not written to while the benchmark
         * runs, so they stay alive and unchanged.
         */
        private void indexChunks() {
            List<List<Chunk>> byEntity = new ArrayList<>();
            for (int i = 0; i < ENTITIES; i++) {
                byEntity.add(new ArrayList<>());
            }
            Map<EntityPath, Integer> index = new HashMap<>();
            for (int i = 0; i < ENTITIES; i++) {
                index.put(paths[i], i);
            }
            store.forEachChunk(chunk -> byEntity.get(index.get(chunk.entityPath())).add(chunk));
            chunks = new Chunk[ENTITIES][];
            times = new TimeColumn[ENTITIES][];
            scalars = new ListVector[ENTITIES][];
            for (int i = 0; i < ENTITIES; i++) {
                List<Chunk> ofEntity = byEntity.get(i);
                ofEntity.sort(Comparator.comparingLong(c -> c.timeColumn(ScalarChunks.LOG_TIME).orElseThrow().min()));
                chunks[i] = ofEntity.toArray(Chunk[]::new);
                times[i] = ofEntity.stream().map(c -> c.timeColumn(ScalarChunks.LOG_TIME).orElseThrow())
                        .toArray(TimeColumn[]::new);
                scalars[i] = ofEntity.stream().map(c -> c.component(ScalarChunks.COMPONENT).orElseThrow().vector())
                        .toArray(ListVector[]::new);
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            hub.close();
            allocator.close();
        }
    }

    /** Random queries from a fixed seed: an entity and a time within its data (to the nanosecond). */
    @State(Scope.Thread)
    public static class Queries {
        final SplittableRandom random = new SplittableRandom(0x5EED_2026L);
        final int[] warmEntities = new int[WARM_QUERIES];
        final long[] warmTimes = new long[WARM_QUERIES];
        int next;

        @Setup(Level.Trial)
        public void prepare() {
            for (int i = 0; i < WARM_QUERIES; i++) {
                warmEntities[i] = entity();
                warmTimes[i] = time();
            }
        }

        int entity() {
            return random.nextInt(ENTITIES);
        }

        long time() {
            return ScalarChunks.logTime(0) + random.nextLong(ROWS_PER_ENTITY * ScalarChunks.ROW_NANOS);
        }
    }

    /** Rows returned by range scans, reported by JMH as rows per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rows {
        public long rows;

        @Setup(Level.Iteration)
        public void reset() {
            rows = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------- latest-at

    /** Latest-at through the store, every query already answered before: the query cache answers. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optional<ComponentCell> latestAtCacheWarm(Store store, Queries queries) {
        int i = queries.next++ & (WARM_QUERIES - 1);
        return store.store.latestAt(store.paths[queries.warmEntities[i]], ScalarChunks.COMPONENT,
                ScalarChunks.LOG_TIME, queries.warmTimes[i]);
    }

    /** Latest-at through the store at a time never asked before: a cache miss (and insert) every call. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Optional<ComponentCell> latestAtCacheDefeated(Store store, Queries queries) {
        return store.store.latestAt(store.paths[queries.entity()], ScalarChunks.COMPONENT, ScalarChunks.LOG_TIME,
                queries.time());
    }

    /**
     * The limit: the same random query answered straight from the store's Arrow vectors, given the entity's
     * chunks in time order (no index, lock, cache or result objects): find the last chunk starting at or before
     * the time, binary-search its time column, read the value.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double latestAtDirect(Store store, Queries queries) {
        int entity = queries.entity();
        long time = queries.time();
        TimeColumn[] times = store.times[entity];
        int chunk = times.length - 1;
        while (chunk > 0 && times[chunk].min() > time) {
            chunk--;
        }
        TimeColumn column = times[chunk];
        int lo = 0;
        int hi = column.size() - 1;
        int last = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (column.get(mid) <= time) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (last < 0) {
            return Double.NaN;
        }
        ListVector list = store.scalars[entity][chunk];
        return ((Float8Vector) list.getDataVector()).get(list.getElementStartIndex(last));
    }

    // ---------------------------------------------------------------------------------------------- range

    /** A window of {@code windowRows} consecutive rows of one entity, at a random start. */
    @State(Scope.Thread)
    public static class Window {
        @Param({"1000", "10000"})
        public int windowRows;

        long min;
        long max;
        int entity;

        void next(Queries queries) {
            entity = queries.entity();
            int first = queries.random.nextInt(ROWS_PER_ENTITY - windowRows + 1);
            min = ScalarChunks.logTime(first);
            max = ScalarChunks.logTime(first + windowRows - 1L);
        }
    }

    /** Range query through the store: every value of the window, as {@link ComponentCell}s. */
    @Benchmark
    public List<ComponentCell> range(Store store, Queries queries, Window window, Rows rows) {
        window.next(queries);
        List<ComponentCell> cells = store.store.range(store.paths[window.entity], ScalarChunks.COMPONENT,
                ScalarChunks.LOG_TIME, window.min, window.max);
        rows.rows += cells.size();
        return cells;
    }

    /**
     * The limit: the same window read straight from the same Arrow vectors. Every row of every chunk whose time
     * range meets the window is checked, as the store does, and the values in the window are summed.
     */
    @Benchmark
    public double rangePlainScan(Store store, Queries queries, Window window, Rows rows) {
        window.next(queries);
        ListVector[] lists = store.scalars[window.entity];
        double[] sum = {0};
        long found = scanWindow(store, window, (chunk, row, time) -> {
            ListVector list = lists[chunk];
            Float8Vector values = (Float8Vector) list.getDataVector();
            for (int i = list.getElementStartIndex(row); i < list.getElementEndIndex(row); i++) {
                sum[0] += values.get(i);
            }
        });
        rows.rows += found;
        return sum[0];
    }

    /**
     * Part of {@link #range}, for the breakdown: the plain scan, building the same result objects the store
     * returns ({@link ComponentCell} with row id, chunk id and the values copied out of Arrow).
     */
    @Benchmark
    public List<ComponentCell> rangePlainScanToCells(Store store, Queries queries, Window window, Rows rows) {
        window.next(queries);
        Chunk[] chunks = store.chunks[window.entity];
        ListVector[] lists = store.scalars[window.entity];
        List<ComponentCell> cells = new ArrayList<>();
        scanWindow(store, window, (chunk, row, time) -> cells.add(new ComponentCell(time, chunks[chunk].rowId(row),
                chunks[chunk].id(), (List<?>) lists[chunk].getObject(row))));
        rows.rows += cells.size();
        return cells;
    }

    /** A row of the window: its chunk (index in time order), its row in the chunk, its time. */
    @FunctionalInterface
    interface RowInWindow {
        void accept(int chunk, int row, long time);
    }

    /**
     * Every non-null row of the window's entity within the window, checked row by row in every chunk whose time
     * range meets the window (as the store does); returns how many there were.
     */
    private static long scanWindow(Store store, Window window, RowInWindow visitor) {
        TimeColumn[] times = store.times[window.entity];
        ListVector[] lists = store.scalars[window.entity];
        long found = 0;
        for (int c = 0; c < times.length; c++) {
            TimeColumn column = times[c];
            if (column.max() < window.min || column.min() > window.max) {
                continue;
            }
            ListVector list = lists[c];
            for (int row = 0; row < column.size(); row++) {
                long t = column.get(row);
                if (t >= window.min && t <= window.max && !list.isNull(row)) {
                    visitor.accept(c, row, t);
                    found++;
                }
            }
        }
        return found;
    }
}
