package dev.reel.benchmarks;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.Timeline;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.Sorbet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Chunks of scalar signals built straight in Arrow, laid out as the Java SDK lays out {@code Scalars} (row ids,
 * {@code frame} and {@code log_time} timelines, one {@code Scalars:scalars} list of one Float64 per row), but
 * without the SDK's per-call cost, so that stores of ten million rows build in seconds.
 *
 * <p>The signals are regular: row {@code k} of every entity is at frame {@code k} and at log time
 * {@code START_NANOS + k} milliseconds; its row id is {@code (log time, entity index)}, unique and increasing
 * along each entity.
 */
final class ScalarChunks {
    static final String COMPONENT = "Scalars:scalars";
    static final Timeline LOG_TIME = Timeline.logTime();
    static final Timeline FRAME = Timeline.sequence("frame");
    static final long START_NANOS = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z
    /** 1 kHz signals. */
    static final long ROW_NANOS = 1_000_000L;

    private static final Field ROW_ID = new Field(Sorbet.ROW_ID_COLUMN, new FieldType(false,
            new ArrowType.FixedSizeBinary(16), null, Map.of(Sorbet.KIND_KEY, Sorbet.KIND_CONTROL,
                    Sorbet.EXTENSION_NAME_KEY, Sorbet.TUID_EXTENSION,
                    Sorbet.EXTENSION_METADATA_KEY, Sorbet.ROW_ID_EXTENSION_METADATA)), null);
    private static final Field FRAME_FIELD = new Field(FRAME.name(), new FieldType(true, new ArrowType.Int(64, true),
            null, Map.of(Sorbet.KIND_KEY, Sorbet.KIND_INDEX, Sorbet.INDEX_NAME_KEY, FRAME.name())), null);
    private static final Field LOG_TIME_FIELD = new Field(LOG_TIME.name(), new FieldType(true,
            new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), null,
            Map.of(Sorbet.KIND_KEY, Sorbet.KIND_INDEX, Sorbet.INDEX_NAME_KEY, LOG_TIME.name())), null);
    private static final Field SCALARS = new Field(COMPONENT, new FieldType(true, ArrowType.List.INSTANCE, null,
            Map.of(Sorbet.KIND_KEY, Sorbet.KIND_DATA, Sorbet.COMPONENT_KEY, COMPONENT,
                    Sorbet.ARCHETYPE_KEY, "rerun.archetypes.Scalars",
                    Sorbet.COMPONENT_TYPE_KEY, "rerun.components.Scalar")),
            List.of(new Field(Sorbet.LIST_ITEM, FieldType.nullable(
                    new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null)));
    private static final List<Field> FIELDS = List.of(ROW_ID, FRAME_FIELD, LOG_TIME_FIELD, SCALARS);

    private ScalarChunks() {}

    /** The path of entity {@code index}: ten signals per joint, as a robot logs them. */
    static EntityPath entity(int index) {
        return EntityPath.parse("robot/joint_" + index / 10 + "/signal_" + index % 10);
    }

    /** Log time of row {@code k} of every entity. */
    static long logTime(long row) {
        return START_NANOS + row * ROW_NANOS;
    }

    /** Rows {@code [from, from + count)} of entity {@code index} as one chunk with a new id. */
    static Chunk build(BufferAllocator allocator, int index, long from, int count) {
        FixedSizeBinaryVector rowIds = (FixedSizeBinaryVector) ROW_ID.createVector(allocator);
        BigIntVector frames = (BigIntVector) FRAME_FIELD.createVector(allocator);
        TimeStampNanoVector logTimes = (TimeStampNanoVector) LOG_TIME_FIELD.createVector(allocator);
        ListVector scalars = (ListVector) SCALARS.createVector(allocator);
        rowIds.allocateNew(count);
        frames.allocateNew(count);
        logTimes.allocateNew(count);
        scalars.setInitialCapacity(count);
        scalars.allocateNew();
        Float8Vector values = (Float8Vector) scalars.getDataVector();
        values.allocateNew(count);
        ArrowBuf ids = rowIds.getDataBuffer();
        for (int i = 0; i < count; i++) {
            long row = from + i;
            long time = logTime(row);
            // big-endian, as Tuid.toBytes writes them
            ids.setLong(16L * i, Long.reverseBytes(time));
            ids.setLong(16L * i + 8, Long.reverseBytes(index));
            BitVectorHelper.setBit(rowIds.getValidityBuffer(), i);
            frames.set(i, row);
            logTimes.set(i, time);
            scalars.startNewValue(i);
            values.set(i, Math.sin(row * 0.001 + index));
            scalars.endValue(i, 1);
        }
        rowIds.setValueCount(count);
        frames.setValueCount(count);
        logTimes.setValueCount(count);
        values.setValueCount(count);
        scalars.setValueCount(count);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.CHUNK_ID_KEY, ChunkId.next().toString());
        metadata.put(Sorbet.ENTITY_PATH_KEY, entity(index).toString());
        metadata.put(Sorbet.VERSION_KEY, Sorbet.VERSION);
        List<FieldVector> vectors = List.of(rowIds, frames, logTimes, scalars);
        return Chunk.fromRecordBatch(new VectorSchemaRoot(new Schema(FIELDS, metadata), vectors, count));
    }
}
