package dev.reel.benchmarks;

import dev.reel.api.EntityPath;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.StoreHub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.VectorAppender;
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
 * Ingesting what a live logger sends: {@code entities} scalar signals of {@code rowsPerEntity} rows each, in
 * chunks of 1 to {@code maxChunkRows} rows, interleaved across entities. One operation ingests all of them into
 * a fresh hub (built in the iteration's setup, outside the timing), so the score is seconds per
 * {@code entities * rowsPerEntity} rows; {@code ResultTable} turns it into rows per second.
 *
 * <p>8,192 rows per entity is two full cycles of the default compaction (chunks grow to 4,096 rows), so the
 * cost of merging into ever larger chunks is averaged over whole cycles, as in a long recording.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.OPEN_NIO, JvmFlags.UNSAFE_ALLOCATOR, JvmFlags.STORE_HEAP,
        JvmFlags.FIXED_STORE_HEAP, JvmFlags.PRE_TOUCH})
public class StoreIngestBenchmark {
    /** Rerun's default {@code maxRows}: the size {@link #appendOnly} grows chunks to. */
    static final int COMPACTED_ROWS = ChunkStoreConfig.DEFAULT.maxRows();

    /** The chunks of one operation, rebuilt for every iteration (ingest consumes them). */
    @State(Scope.Thread)
    public static class Messages {
        @Param({"10"})
        public int entities;
        @Param({"8192"})
        public int rowsPerEntity;
        @Param({"16"})
        public int maxChunkRows;

        BufferAllocator allocator;
        List<ArrowMsg> messages;
        /** What {@link #appendOnly} built, released after the iteration (outside the timing, as hubs are). */
        final List<FieldVector> appended = new ArrayList<>();

        @Setup(Level.Trial)
        public void open() {
            allocator = new RootAllocator();
        }

        @Setup(Level.Iteration)
        public void build() {
            messages = ScalarStore.live(allocator, entities, rowsPerEntity, maxChunkRows);
        }

        @TearDown(Level.Iteration)
        public void release() {
            appended.forEach(FieldVector::close);
            appended.clear();
        }

        /** Fails if any Arrow memory was not released (closing an allocator checks that). */
        @TearDown(Level.Trial)
        public void close() {
            allocator.close();
        }
    }

    /** The chunk-store config; the hub is created by the operation and closed after the iteration. */
    @State(Scope.Thread)
    public static class Hub {
        @Param({"DEFAULT", "DISABLED"})
        public String compaction;

        StoreHub hub;
        long expectedRows;

        StoreHub open(Messages messages) {
            ChunkStoreConfig config = compaction.equals("DEFAULT") ? ChunkStoreConfig.DEFAULT
                    : ChunkStoreConfig.DISABLED;
            hub = ScalarStore.hub(messages.allocator, config);
            expectedRows = (long) messages.entities * messages.rowsPerEntity;
            return hub;
        }

        @TearDown(Level.Iteration)
        public void close() {
            long rows = ScalarStore.store(hub).stats().rows();
            hub.close();
            if (rows != expectedRows) {
                throw new IllegalStateException("the store holds " + rows + " rows, expected " + expectedRows);
            }
        }
    }

    /**
     * Every chunk through {@link StoreHub#ingest}, as the bus's ingest verticle hands them over, into a new hub
     * (creating it takes microseconds).
     */
    @Benchmark
    public StoreHub ingest(Messages messages, Hub hub) {
        StoreHub target = hub.open(messages);
        ScalarStore.ingest(target, messages.messages);
        return target;
    }

    /**
     * The limit of compaction: each incoming chunk's vectors appended once, with Arrow's {@link VectorAppender},
     * to its entity's open chunk until that holds 4,096 rows; no index, no row-id or time checks, no new chunk
     * objects. This is the copying that merging neighbours cannot avoid.
     */
    @Benchmark
    public int appendOnly(Messages messages) {
        Map<EntityPath, List<FieldVector>> open = new HashMap<>();
        Map<EntityPath, Integer> openRows = new HashMap<>();
        int chunks = 0;
        for (ArrowMsg message : messages.messages) {
            try (Chunk chunk = message.chunk()) {
                EntityPath entity = chunk.entityPath();
                List<FieldVector> target = open.get(entity);
                int rows = openRows.getOrDefault(entity, 0);
                if (target == null || rows + chunk.numRows() > COMPACTED_ROWS) {
                    target = new ArrayList<>();
                    for (FieldVector source : chunk.recordBatch().getFieldVectors()) {
                        FieldVector vector = source.getField().createVector(messages.allocator);
                        vector.allocateNew();
                        vector.setValueCount(0);
                        target.add(vector);
                    }
                    open.put(entity, target);
                    messages.appended.addAll(target);
                    chunks++;
                    rows = 0;
                }
                List<FieldVector> sources = chunk.recordBatch().getFieldVectors();
                for (int i = 0; i < sources.size(); i++) {
                    sources.get(i).accept(new VectorAppender(target.get(i)), null);
                }
                openRows.put(entity, rows + chunk.numRows());
            }
        }
        messages.messages.clear();
        return chunks;
    }
}
