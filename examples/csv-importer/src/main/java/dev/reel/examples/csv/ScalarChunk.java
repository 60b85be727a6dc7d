package dev.reel.examples.csv;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentDescriptor;
import dev.reel.api.log.Sorbet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
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
 * Builds the Rerun chunk of one entity's plot values: the Sorbet layout (a row-id column, a timestamp column, a
 * list column of {@code Scalars:scalars}) with the metadata Rerun's viewer reads. This is all a format needs to
 * know about Rerun's chunks to import data.
 */
final class ScalarChunk {
    /** Rerun's {@code Scalars} archetype field, as its SDKs log it. */
    static final ComponentDescriptor SCALARS = ComponentDescriptor.of("Scalars", "scalars", "Scalar");

    private final EntityPath entity;
    private final Timeline timeline;
    private long[] times = new long[64];
    private double[] values = new double[64];
    private int rows;

    ScalarChunk(EntityPath entity, Timeline timeline) {
        this.entity = entity;
        this.timeline = timeline;
    }

    void add(long time, double value) {
        if (rows == times.length) {
            times = java.util.Arrays.copyOf(times, rows * 2);
            values = java.util.Arrays.copyOf(values, rows * 2);
        }
        times[rows] = time;
        values[rows] = value;
        rows++;
    }

    int rows() {
        return rows;
    }

    /** The rows added so far as a chunk in {@code allocator}; this builder is empty again afterwards. */
    Chunk build(BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>(3);
        try {
            vectors.add(rowIds(allocator));
            vectors.add(timeColumn(allocator));
            vectors.add(scalars(allocator));
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.CHUNK_ID_KEY, ChunkId.next().toString());
        metadata.put(Sorbet.ENTITY_PATH_KEY, entity.toString());
        metadata.put(Sorbet.VERSION_KEY, Sorbet.VERSION);
        Schema schema = new Schema(vectors.stream().map(FieldVector::getField).toList(), metadata);
        int count = rows;
        rows = 0;
        return Chunk.fromRecordBatch(new VectorSchemaRoot(schema, vectors, count));
    }

    private FieldVector rowIds(BufferAllocator allocator) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.EXTENSION_METADATA_KEY, Sorbet.ROW_ID_EXTENSION_METADATA);
        metadata.put(Sorbet.EXTENSION_NAME_KEY, Sorbet.TUID_EXTENSION);
        metadata.put(Sorbet.IS_SORTED_KEY, "true");
        metadata.put(Sorbet.KIND_KEY, Sorbet.KIND_CONTROL);
        FixedSizeBinaryVector vector = new FixedSizeBinaryVector(new Field(Sorbet.ROW_ID_COLUMN,
                new FieldType(false, new ArrowType.FixedSizeBinary(Tuid.BYTES), null, metadata), null), allocator);
        vector.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            vector.set(i, Tuid.next().toBytes());
        }
        vector.setValueCount(rows);
        return vector;
    }

    private FieldVector timeColumn(BufferAllocator allocator) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.INDEX_NAME_KEY, timeline.name());
        boolean sorted = true;
        for (int i = 1; i < rows && sorted; i++) {
            sorted = times[i - 1] <= times[i];
        }
        if (sorted) {
            metadata.put(Sorbet.IS_SORTED_KEY, "true");
        }
        metadata.put(Sorbet.KIND_KEY, Sorbet.KIND_INDEX);
        TimeStampNanoVector vector = new TimeStampNanoVector(new Field(timeline.name(),
                new FieldType(true, new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), null, metadata), null),
                allocator);
        vector.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
            vector.set(i, times[i]);
        }
        vector.setValueCount(rows);
        return vector;
    }

    private FieldVector scalars(BufferAllocator allocator) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.ARCHETYPE_KEY, SCALARS.archetype().orElseThrow());
        metadata.put(Sorbet.COMPONENT_KEY, SCALARS.component());
        metadata.put(Sorbet.COMPONENT_TYPE_KEY, SCALARS.componentType().orElseThrow());
        metadata.put(Sorbet.KIND_KEY, Sorbet.KIND_DATA);
        Field item = new Field(Sorbet.LIST_ITEM,
                FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
        Field field = new Field(SCALARS.component(), new FieldType(true, ArrowType.List.INSTANCE, null, metadata),
                List.of(item));
        ListVector list = (ListVector) field.createVector(allocator);
        list.allocateNew();
        Float8Vector items = (Float8Vector) list.getDataVector();
        items.allocateNew(rows);
        for (int row = 0; row < rows; row++) {
            list.startNewValue(row);
            items.set(row, values[row]);
            list.endValue(row, 1);
        }
        items.setValueCount(rows);
        list.setValueCount(rows);
        return list;
    }
}
