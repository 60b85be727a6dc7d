package dev.reel.rrd.sdk;

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
import java.util.TreeMap;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds a Sorbet {@value Sorbet#VERSION} chunk from logged rows: the row-id column, one column per timeline
 * (sorted by name, then type), then one list column per component (sorted by archetype, component), as Rerun's
 * writer lays them out. A row that did not log a component holds null in its column.
 */
final class ChunkAssembler {
    /** One logged row: its id, its time on each of the chunk's timelines, its components. */
    record Row(Tuid rowId, long[] times, List<ComponentBatch> components) {}

    private ChunkAssembler() {}

    static Chunk assemble(EntityPath entity, List<Timeline> timelines, List<Row> rows, BufferAllocator allocator) {
        Map<ComponentDescriptor, ComponentBatch> columns = new TreeMap<>();
        for (Row row : rows) {
            for (ComponentBatch batch : row.components()) {
                columns.putIfAbsent(batch.descriptor(), batch);
            }
        }
        List<FieldVector> vectors = new ArrayList<>();
        try {
            vectors.add(rowIds(rows, allocator));
            for (int t = 0; t < timelines.size(); t++) {
                vectors.add(timeColumn(timelines.get(t), t, rows, allocator));
            }
            for (ComponentBatch prototype : columns.values()) {
                vectors.add(componentColumn(prototype, rows, allocator));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        ChunkId id = ChunkId.next();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.CHUNK_ID_KEY, id.toString());
        metadata.put(Sorbet.ENTITY_PATH_KEY, entity.toString());
        metadata.put(Sorbet.VERSION_KEY, Sorbet.VERSION);
        List<Field> fields = vectors.stream().map(FieldVector::getField).toList();
        return Chunk.fromRecordBatch(new VectorSchemaRoot(new Schema(fields, metadata), vectors, rows.size()));
    }

    private static FieldVector rowIds(List<Row> rows, BufferAllocator allocator) {
        boolean sorted = true;
        for (int i = 1; i < rows.size(); i++) {
            sorted &= rows.get(i - 1).rowId().compareTo(rows.get(i).rowId()) <= 0;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.EXTENSION_METADATA_KEY, Sorbet.ROW_ID_EXTENSION_METADATA);
        metadata.put(Sorbet.EXTENSION_NAME_KEY, Sorbet.TUID_EXTENSION);
        if (sorted) {
            metadata.put(Sorbet.IS_SORTED_KEY, "true");
        }
        metadata.put(Sorbet.KIND_KEY, Sorbet.KIND_CONTROL);
        FixedSizeBinaryVector vector = new FixedSizeBinaryVector(new Field(Sorbet.ROW_ID_COLUMN,
                new FieldType(false, new ArrowType.FixedSizeBinary(Tuid.BYTES), null, metadata), null), allocator);
        vector.allocateNew(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            vector.set(i, rows.get(i).rowId().toBytes());
        }
        vector.setValueCount(rows.size());
        return vector;
    }

    private static FieldVector timeColumn(Timeline timeline, int index, List<Row> rows, BufferAllocator allocator) {
        boolean sorted = true;
        for (int i = 1; i < rows.size(); i++) {
            sorted &= rows.get(i - 1).times()[index] <= rows.get(i).times()[index];
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.INDEX_NAME_KEY, timeline.name());
        if (sorted) {
            metadata.put(Sorbet.IS_SORTED_KEY, "true");
        }
        metadata.put(Sorbet.KIND_KEY, Sorbet.KIND_INDEX);
        ArrowType type = switch (timeline.type()) {
            case SEQUENCE -> new ArrowType.Int(64, true);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
            case DURATION -> new ArrowType.Duration(TimeUnit.NANOSECOND);
        };
        BaseFixedWidthVector vector = (BaseFixedWidthVector) new Field(timeline.name(),
                new FieldType(true, type, null, metadata), null).createVector(allocator);
        vector.allocateNew(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            vector.getDataBuffer().setLong((long) i * Long.BYTES, rows.get(i).times()[index]);
        }
        for (int i = 0; i < rows.size(); i++) {
            BitVectorHelper.setBit(vector.getValidityBuffer(), i);
        }
        vector.setValueCount(rows.size());
        return vector;
    }

    private static FieldVector componentColumn(ComponentBatch prototype, List<Row> rows, BufferAllocator allocator) {
        ComponentDescriptor descriptor = prototype.descriptor();
        Map<String, String> metadata = new LinkedHashMap<>();
        descriptor.archetype().ifPresent(a -> metadata.put(Sorbet.ARCHETYPE_KEY, a));
        metadata.put(Sorbet.COMPONENT_KEY, descriptor.component());
        descriptor.componentType().ifPresent(t -> metadata.put(Sorbet.COMPONENT_TYPE_KEY, t));
        metadata.put(Sorbet.KIND_KEY, Sorbet.KIND_DATA);
        Field field = new Field(descriptor.component(), new FieldType(true, ArrowType.List.INSTANCE, null, metadata),
                List.of(itemField(prototype)));
        ListVector list = (ListVector) field.createVector(allocator);
        list.allocateNew();
        FieldVector items = list.getDataVector();
        int at = 0;
        for (int row = 0; row < rows.size(); row++) {
            ComponentBatch batch = find(rows.get(row), descriptor);
            if (batch == null) {
                continue; // rows never started stay null, with an empty range of items
            }
            list.startNewValue(row);
            write(batch, items, at);
            at += batch.length();
            list.endValue(row, batch.length());
        }
        list.setValueCount(rows.size());
        return list;
    }

    private static ComponentBatch find(Row row, ComponentDescriptor descriptor) {
        for (ComponentBatch batch : row.components()) {
            if (batch.descriptor().equals(descriptor)) {
                return batch;
            }
        }
        return null;
    }

    private static Field itemField(ComponentBatch batch) {
        return switch (batch.itemType()) {
            case FLOAT32 -> batch.width() == 1
                    ? new Field(Sorbet.LIST_ITEM, FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null)
                    : new Field(Sorbet.LIST_ITEM, FieldType.nullable(new ArrowType.FixedSizeList(batch.width())),
                            List.of(new Field(Sorbet.LIST_ITEM, FieldType.notNullable(
                                    new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null)));
            case FLOAT64 -> new Field(Sorbet.LIST_ITEM,
                    FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
            case UINT8 -> new Field(Sorbet.LIST_ITEM, FieldType.nullable(new ArrowType.Int(8, false)), null);
            case UINT32 -> new Field(Sorbet.LIST_ITEM, FieldType.nullable(new ArrowType.Int(32, false)), null);
            case INT64 -> new Field(Sorbet.LIST_ITEM, FieldType.nullable(new ArrowType.Int(64, true)), null);
            case BOOL -> new Field(Sorbet.LIST_ITEM, FieldType.nullable(ArrowType.Bool.INSTANCE), null);
            case UTF8 -> new Field(Sorbet.LIST_ITEM, FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
            case BLOB -> new Field(Sorbet.LIST_ITEM, FieldType.nullable(ArrowType.List.INSTANCE),
                    List.of(new Field(Sorbet.LIST_ITEM, FieldType.notNullable(new ArrowType.Int(8, false)), null)));
        };
    }

    /** Writes the batch's instances into the list's item vector, starting at item {@code at}. */
    private static void write(ComponentBatch batch, FieldVector items, int at) {
        int n = batch.length();
        switch (batch.itemType()) {
            case FLOAT32 -> {
                float[] values = (float[]) batch.values();
                if (batch.width() == 1) {
                    Float4Vector v = (Float4Vector) items;
                    for (int i = 0; i < n; i++) {
                        v.setSafe(at + i, values[i]);
                    }
                } else {
                    FixedSizeListVector fixed = (FixedSizeListVector) items;
                    Float4Vector inner = (Float4Vector) fixed.getDataVector();
                    int width = batch.width();
                    for (int i = 0; i < n; i++) {
                        fixed.setNotNull(at + i);
                        for (int k = 0; k < width; k++) {
                            inner.setSafe((at + i) * width + k, values[i * width + k]);
                        }
                    }
                }
            }
            case FLOAT64 -> {
                double[] values = (double[]) batch.values();
                for (int i = 0; i < n; i++) {
                    ((Float8Vector) items).setSafe(at + i, values[i]);
                }
            }
            case UINT8 -> {
                byte[] values = (byte[]) batch.values();
                for (int i = 0; i < n; i++) {
                    ((UInt1Vector) items).setSafe(at + i, values[i]);
                }
            }
            case UINT32 -> {
                int[] values = (int[]) batch.values();
                for (int i = 0; i < n; i++) {
                    ((UInt4Vector) items).setSafe(at + i, values[i]);
                }
            }
            case INT64 -> {
                long[] values = (long[]) batch.values();
                for (int i = 0; i < n; i++) {
                    ((BigIntVector) items).setSafe(at + i, values[i]);
                }
            }
            case BOOL -> {
                boolean[] values = (boolean[]) batch.values();
                for (int i = 0; i < n; i++) {
                    ((BitVector) items).setSafe(at + i, values[i] ? 1 : 0);
                }
            }
            case UTF8 -> {
                byte[][] values = (byte[][]) batch.values();
                for (int i = 0; i < n; i++) {
                    ((VarCharVector) items).setSafe(at + i, values[i]);
                }
            }
            case BLOB -> writeBlobs((byte[][]) batch.values(), (ListVector) items, at);
        }
    }

    /** Blobs are lists of bytes; their bytes are copied in one go rather than byte by byte. */
    private static void writeBlobs(byte[][] blobs, ListVector lists, int at) {
        UInt1Vector bytes = (UInt1Vector) lists.getDataVector();
        for (int i = 0; i < blobs.length; i++) {
            int start = lists.startNewValue(at + i);
            int end = start + blobs[i].length;
            while (bytes.getValueCapacity() < end) {
                bytes.reAlloc();
            }
            bytes.getDataBuffer().setBytes(start, blobs[i]);
            markValid(bytes.getValidityBuffer(), start, end);
            lists.endValue(at + i, blobs[i].length);
        }
    }

    /** Sets the validity bits {@code [from, to)}: whole bytes at once, bit by bit at the edges. */
    private static void markValid(ArrowBuf validity, int from, int to) {
        int bit = from;
        while (bit < to && (bit & 7) != 0) {
            BitVectorHelper.setBit(validity, bit++);
        }
        int wholeBytes = (to - bit) / 8;
        if (wholeBytes > 0) {
            validity.setOne(bit / 8, wholeBytes);
            bit += wholeBytes * 8;
        }
        while (bit < to) {
            BitVectorHelper.setBit(validity, bit++);
        }
    }
}
