package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.Sorbet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds chunks for store tests with exact row ids and times: every component holds Float64 lists, a null
 * cell where a row does not log the component. Sequence timelines only.
 */
final class TestChunks {
    /** One row: its id, its time per timeline (none: static), its components (component → values). */
    record Row(Tuid rowId, Map<String, Long> times, Map<String, double[]> components) {}

    private final EntityPath entity;
    private final List<Row> rows = new ArrayList<>();
    private ChunkId id = ChunkId.next();

    private TestChunks(EntityPath entity) {
        this.entity = entity;
    }

    static TestChunks of(String entity) {
        return new TestChunks(EntityPath.parse(entity));
    }

    TestChunks id(ChunkId chunkId) {
        this.id = chunkId;
        return this;
    }

    /** A row on timeline {@code frame} at {@code frame} with one value per component. */
    TestChunks row(Tuid rowId, long frame, String... components) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String component : components) {
            values.put(component, new double[] {rowId.inc()});
        }
        rows.add(new Row(rowId, Map.of("frame", frame), values));
        return this;
    }

    TestChunks row(Tuid rowId, Map<String, Long> times, Map<String, double[]> components) {
        rows.add(new Row(rowId, times, components));
        return this;
    }

    /** A static row (no timelines). */
    TestChunks staticRow(Tuid rowId, String... components) {
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String component : components) {
            values.put(component, new double[] {rowId.inc()});
        }
        rows.add(new Row(rowId, Map.of(), values));
        return this;
    }

    Chunk build(BufferAllocator allocator) {
        TreeSet<String> timelines = new TreeSet<>();
        TreeSet<String> components = new TreeSet<>();
        for (Row row : rows) {
            timelines.addAll(row.times().keySet());
            components.addAll(row.components().keySet());
        }
        List<FieldVector> vectors = new ArrayList<>();
        FixedSizeBinaryVector ids = new FixedSizeBinaryVector(new Field(Sorbet.ROW_ID_COLUMN, new FieldType(false,
                new ArrowType.FixedSizeBinary(16), null, Map.of(Sorbet.KIND_KEY, Sorbet.KIND_CONTROL)), null),
                allocator);
        ids.allocateNew(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            ids.set(i, rows.get(i).rowId().toBytes());
        }
        ids.setValueCount(rows.size());
        vectors.add(ids);
        for (String timeline : timelines) {
            BigIntVector times = new BigIntVector(new Field(timeline, new FieldType(true, new ArrowType.Int(64, true),
                    null, Map.of(Sorbet.KIND_KEY, Sorbet.KIND_INDEX, Sorbet.INDEX_NAME_KEY, timeline)), null), allocator);
            times.allocateNew(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                times.set(i, rows.get(i).times().get(timeline));
            }
            times.setValueCount(rows.size());
            vectors.add(times);
        }
        for (String component : components) {
            ListVector list = (ListVector) new Field(component, new FieldType(true, ArrowType.List.INSTANCE, null,
                    Map.of(Sorbet.KIND_KEY, Sorbet.KIND_DATA, Sorbet.COMPONENT_KEY, component)),
                    List.of(new Field("item", FieldType.nullable(
                            new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null))).createVector(allocator);
            list.allocateNew();
            Float8Vector items = (Float8Vector) list.getDataVector();
            int at = 0;
            for (int i = 0; i < rows.size(); i++) {
                double[] values = rows.get(i).components().get(component);
                if (values == null) {
                    continue;
                }
                list.startNewValue(i);
                for (double v : values) {
                    items.setSafe(at++, v);
                }
                list.endValue(i, values.length);
            }
            list.setValueCount(rows.size());
            vectors.add(list);
        }
        Map<String, String> metadata = new TreeMap<>();
        metadata.put(Sorbet.CHUNK_ID_KEY, id.toString());
        metadata.put(Sorbet.ENTITY_PATH_KEY, entity.toString());
        metadata.put(Sorbet.VERSION_KEY, Sorbet.VERSION);
        return Chunk.fromRecordBatch(new VectorSchemaRoot(new Schema(vectors.stream().map(FieldVector::getField)
                .toList(), metadata), vectors, rows.size()));
    }
}
