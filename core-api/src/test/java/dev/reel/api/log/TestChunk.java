package dev.reel.api.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.TimeType;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Sorbet 0.1.3 chunk layout (rerun-rrd-format.md §5) as read by {@link Chunk}. */
class TestChunk {
    private final RootAllocator allocator = new RootAllocator();

    /** Closing a root allocator that still has memory allocated fails: the leak check. */
    @AfterEach
    void checkNoLeak() {
        allocator.close();
    }

    private static final ChunkId ID = new ChunkId(new Tuid(0x18803702511618EFL, 0x076c378bdbaaef06L));

    @Test
    void readsRowIdsTimelinesAndComponents() {
        try (Chunk chunk = Chunk.fromRecordBatch(batch(allocator, true, new long[] {3, 1, 2}))) {
            assertThat(chunk.id()).isEqualTo(ID);
            assertThat(chunk.entityPath()).isEqualTo(EntityPath.parse("/points"));
            assertThat(chunk.numRows()).isEqualTo(3);
            assertThat(chunk.isStatic()).isFalse();
            assertThat(chunk.rowId(0)).isEqualTo(new Tuid(100, 0));
            assertThat(chunk.rowId(2)).isEqualTo(new Tuid(100, 2));
            assertThat(chunk.timeColumns()).hasSize(2);
            TimeColumn frame = chunk.timeColumn("frame").orElseThrow();
            assertThat(frame.timeline()).isEqualTo(new Timeline("frame", TimeType.SEQUENCE));
            assertThat(frame.isSorted()).isFalse();
            assertThat(frame.min()).isEqualTo(1);
            assertThat(frame.max()).isEqualTo(3);
            assertThat(chunk.timeColumn(Timeline.logTime()).orElseThrow().isSorted()).isTrue();
            ComponentColumn scalars = chunk.component("Scalars:scalars").orElseThrow();
            assertThat(scalars.descriptor().archetype()).contains("rerun.archetypes.Scalars");
            assertThat(scalars.descriptor().archetypeShortName()).contains("Scalars");
            assertThat(scalars.isPresent(0)).isTrue();
            assertThat(scalars.isPresent(1)).isFalse();
            assertThat(chunk.sizeBytes()).isPositive();
        }
    }

    @Test
    void aChunkWithoutTimelinesIsStatic() {
        try (Chunk chunk = Chunk.fromRecordBatch(batch(allocator, false, new long[] {0, 0, 0}))) {
            assertThat(chunk.isStatic()).isTrue();
            assertThat(chunk.timeColumns()).isEmpty();
        }
    }

    @Test
    void equalContentIsEqualAndAnyChangeIsNot() {
        try (Chunk a = Chunk.fromRecordBatch(batch(allocator, true, new long[] {1, 2, 3}));
                Chunk b = Chunk.fromRecordBatch(batch(allocator, true, new long[] {1, 2, 3}));
                Chunk c = Chunk.fromRecordBatch(batch(allocator, true, new long[] {1, 2, 4}))) {
            assertThat(a.contentEquals(b)).isTrue();
            assertThat(a.contentEquals(c)).isFalse();
        }
    }

    @Test
    void rejectsBatchesThatAreNotChunksAndReleasesThem() {
        VectorSchemaRoot noId = batch(allocator, true, new long[] {1, 2, 3});
        VectorSchemaRoot stripped = new VectorSchemaRoot(
                new Schema(noId.getSchema().getFields(), Map.of("rerun:entity_path", "/x")),
                noId.getFieldVectors(), 3);
        assertThatThrownBy(() -> Chunk.fromRecordBatch(stripped))
                .isInstanceOf(ChunkFormatException.class).hasMessageContaining("rerun:id");

        VectorSchemaRoot withNullTime = batch(allocator, true, new long[] {1, 2, 3});
        ((BigIntVector) withNullTime.getVector("frame")).setNull(1);
        assertThatThrownBy(() -> Chunk.fromRecordBatch(withNullTime))
                .isInstanceOf(ChunkFormatException.class).hasMessageContaining("'frame' contains nulls");

        VectorSchemaRoot withStaticMarker = batch(allocator, true, new long[] {1, Long.MIN_VALUE, 3});
        assertThatThrownBy(() -> Chunk.fromRecordBatch(withStaticMarker))
                .isInstanceOf(ChunkFormatException.class).hasMessageContaining("static marker");
    }

    /** A chunk batch of /points with 3 rows; optional timelines; component Scalars:scalars null in row 1. */
    static VectorSchemaRoot batch(BufferAllocator allocator, boolean temporal, long[] frames) {
        List<FieldVector> vectors = new ArrayList<>();
        FixedSizeBinaryVector rowIds = new FixedSizeBinaryVector(new Field(Sorbet.ROW_ID_COLUMN,
                new FieldType(false, new ArrowType.FixedSizeBinary(16), null,
                        Map.of(Sorbet.KIND_KEY, Sorbet.KIND_CONTROL)), null), allocator);
        rowIds.allocateNew(3);
        for (int i = 0; i < 3; i++) {
            rowIds.set(i, new Tuid(100, i).toBytes());
        }
        vectors.add(rowIds);
        if (temporal) {
            BigIntVector frame = new BigIntVector(new Field("frame", new FieldType(true, new ArrowType.Int(64, true),
                    null, Map.of(Sorbet.KIND_KEY, Sorbet.KIND_INDEX, Sorbet.INDEX_NAME_KEY, "frame")), null),
                    allocator);
            frame.allocateNew(3);
            TimeStampNanoVector logTime = new TimeStampNanoVector(new Field("log_time",
                    new FieldType(true, new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), null,
                            Map.of(Sorbet.KIND_KEY, Sorbet.KIND_INDEX)), null), allocator);
            logTime.allocateNew(3);
            for (int i = 0; i < 3; i++) {
                frame.set(i, frames[i]);
                logTime.set(i, 1_000 + i);
            }
            vectors.add(frame);
            vectors.add(logTime);
        }
        ListVector scalars = (ListVector) new Field("Scalars:scalars", new FieldType(true, ArrowType.List.INSTANCE,
                null, Map.of(Sorbet.KIND_KEY, Sorbet.KIND_DATA, Sorbet.COMPONENT_KEY, "Scalars:scalars",
                        Sorbet.ARCHETYPE_KEY, "rerun.archetypes.Scalars")),
                List.of(new Field("item", FieldType.nullable(
                        new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null))).createVector(allocator);
        UnionListWriter writer = scalars.getWriter();
        for (int i = 0; i < 3; i++) {
            writer.setPosition(i);
            if (i != 1) {
                writer.startList();
                writer.float8().writeFloat8(i * 1.5);
                writer.endList();
            }
        }
        scalars.setValueCount(3);
        vectors.add(scalars);
        for (FieldVector v : vectors) {
            v.setValueCount(3);
        }
        List<Field> fields = vectors.stream().map(FieldVector::getField).toList();
        return new VectorSchemaRoot(new Schema(fields, Map.of(Sorbet.CHUNK_ID_KEY, ID.toString(),
                Sorbet.ENTITY_PATH_KEY, "/points", Sorbet.VERSION_KEY, Sorbet.VERSION)), vectors, 3);
    }
}
