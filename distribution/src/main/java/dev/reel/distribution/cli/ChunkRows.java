package dev.reel.distribution.cli;

import dev.reel.api.ChunkId;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.Sorbet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * New chunks made of some rows and columns of an existing one, as Rerun's chunk slicing makes them: rows
 * selected, sorted or sliced, columns dropped, a new chunk id, optionally new row ids. The Arrow data is
 * copied (deep), so the result owns its memory and the source stays valid. The {@code rerun:is_sorted} flags
 * of the row-id and index columns are recomputed for the new row order.
 */
final class ChunkRows {
    /** Schema metadata Rerun 0.28 wrote and that no longer describes a copy. */
    private static final String HEAP_SIZE_KEY = "rerun:heap_size_bytes";

    private ChunkRows() {}

    /** Every row, in order. */
    static int[] all(Chunk chunk) {
        return IntStream.range(0, chunk.numRows()).toArray();
    }

    /** The rows ordered by row id (Rerun's order of a chunk), stable. */
    static int[] byRowId(Chunk chunk) {
        Tuid[] ids = new Tuid[chunk.numRows()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = chunk.rowId(i);
        }
        return IntStream.range(0, ids.length).boxed().sorted(Comparator.comparing(i -> ids[i]))
                .mapToInt(Integer::intValue).toArray();
    }

    /** True for the column of a timeline. */
    static boolean isIndex(Field field) {
        String kind = field.getMetadata().get(Sorbet.KIND_KEY);
        return Sorbet.KIND_INDEX.equals(kind) || "time".equals(kind);
    }

    /** The timeline name of an index column. */
    static String indexName(Field field) {
        return field.getMetadata().getOrDefault(Sorbet.INDEX_NAME_KEY, field.getName());
    }

    /** The component identifier of a data column. */
    static String componentName(Field field) {
        return field.getMetadata().getOrDefault(Sorbet.COMPONENT_KEY, field.getName());
    }

    /**
     * Copies rows {@code rows} (in that order) of the columns {@code keepColumn} accepts; the row-id column is
     * always kept.
     *
     * @param freshRowIds give the rows new row ids instead of keeping theirs
     */
    static Chunk copy(Chunk source, int[] rows, Predicate<Field> keepColumn, ChunkId id, boolean freshRowIds,
            BufferAllocator allocator) {
        VectorSchemaRoot root = source.recordBatch();
        List<FieldVector> vectors = root.getFieldVectors();
        List<FieldVector> copies = new ArrayList<>();
        try {
            for (int column = 0; column < vectors.size(); column++) {
                FieldVector from = vectors.get(column);
                Field field = from.getField();
                if (column == 0) {
                    copies.add(rowIds(source, rows, freshRowIds, field, allocator));
                } else if (keepColumn.test(field)) {
                    Field target = isIndex(field) ? withSorted(field, timesSorted(from, rows)) : field;
                    copies.add(copyRows(from, rows, target, allocator));
                }
            }
        } catch (RuntimeException e) {
            copies.forEach(FieldVector::close);
            throw e;
        }
        Map<String, String> metadata = new LinkedHashMap<>(root.getSchema().getCustomMetadata());
        metadata.put(Sorbet.CHUNK_ID_KEY, id.toString());
        metadata.remove(HEAP_SIZE_KEY);
        List<Field> fields = copies.stream().map(FieldVector::getField).toList();
        return Chunk.fromRecordBatch(new VectorSchemaRoot(new Schema(fields, metadata), copies, rows.length));
    }

    private static FieldVector rowIds(Chunk source, int[] rows, boolean fresh, Field field,
            BufferAllocator allocator) {
        Tuid[] ids = new Tuid[rows.length];
        boolean sorted = true;
        for (int i = 0; i < rows.length; i++) {
            ids[i] = fresh ? Tuid.next() : source.rowId(rows[i]);
            sorted &= i == 0 || ids[i - 1].compareTo(ids[i]) <= 0;
        }
        FixedSizeBinaryVector vector = (FixedSizeBinaryVector) withSorted(field, sorted).createVector(allocator);
        vector.allocateNew(rows.length);
        for (int i = 0; i < rows.length; i++) {
            vector.set(i, ids[i].toBytes());
        }
        vector.setValueCount(rows.length);
        return vector;
    }

    private static FieldVector copyRows(FieldVector from, int[] rows, Field target, BufferAllocator allocator) {
        FieldVector to = target.createVector(allocator);
        try {
            to.setInitialCapacity(Math.max(rows.length, 1));
            to.allocateNew();
            for (int i = 0; i < rows.length; i++) {
                copyValue(from, rows[i], to, i);
            }
            to.setValueCount(rows.length);
            return to;
        } catch (RuntimeException e) {
            to.close();
            throw e;
        }
    }

    /**
     * Copies value {@code i} of {@code from} to index {@code j} of {@code to}, nested values included. Arrow's own
     * {@code copyFromSafe} cannot copy lists of fixed-size lists (Rerun's points, colors, ...), so nested types
     * are walked here; leaves and unions use it.
     */
    private static void copyValue(ValueVector from, int i, ValueVector to, int j) {
        if (from.isNull(i) && !(to instanceof BaseFixedWidthVector || to instanceof BaseVariableWidthVector)) {
            return; // a nested null stays unset (its validity bit is clear)
        }
        if (from instanceof ListVector source && to instanceof ListVector target) {
            int start = source.getElementStartIndex(i);
            int length = source.getElementEndIndex(i) - start;
            int at = target.startNewValue(j);
            for (int k = 0; k < length; k++) {
                copyValue(source.getDataVector(), start + k, target.getDataVector(), at + k);
            }
            target.endValue(j, length);
        } else if (from instanceof LargeListVector source && to instanceof LargeListVector target) {
            long start = source.getElementStartIndex(i);
            long length = source.getElementEndIndex(i) - start;
            long at = target.startNewValue(j);
            for (long k = 0; k < length; k++) {
                copyValue(source.getDataVector(), Math.toIntExact(start + k), target.getDataVector(),
                        Math.toIntExact(at + k));
            }
            target.endValue(j, length);
        } else if (from instanceof FixedSizeListVector source && to instanceof FixedSizeListVector target) {
            while (j >= target.getValueCapacity()) {
                target.reAlloc();
            }
            target.setNotNull(j);
            int size = source.getListSize();
            for (int k = 0; k < size; k++) {
                copyValue(source.getDataVector(), i * size + k, target.getDataVector(), j * size + k);
            }
        } else if (from instanceof StructVector source && to instanceof StructVector target) {
            while (j >= target.getValueCapacity()) {
                target.reAlloc();
            }
            target.setIndexDefined(j);
            List<FieldVector> sourceChildren = source.getChildrenFromFields();
            List<FieldVector> targetChildren = target.getChildrenFromFields();
            for (int k = 0; k < sourceChildren.size(); k++) {
                copyValue(sourceChildren.get(k), i, targetChildren.get(k), j);
            }
        } else {
            to.copyFromSafe(i, j, from);
        }
    }

    private static boolean timesSorted(FieldVector times, int[] rows) {
        long previous = Long.MIN_VALUE;
        for (int row : rows) {
            long t = times.getDataBuffer().getLong((long) row * Long.BYTES);
            if (t < previous) {
                return false;
            }
            previous = t;
        }
        return true;
    }

    private static Field withSorted(Field field, boolean sorted) {
        Map<String, String> metadata = new LinkedHashMap<>(field.getMetadata());
        if (sorted) {
            metadata.put(Sorbet.IS_SORTED_KEY, "true");
        } else {
            metadata.remove(Sorbet.IS_SORTED_KEY);
        }
        FieldType type = field.getFieldType();
        return new Field(field.getName(), new FieldType(type.isNullable(), type.getType(), type.getDictionary(),
                metadata), field.getChildren());
    }

    /** {@code [from, to)} of {@code rows}. */
    static int[] range(int[] rows, int from, int to) {
        return Arrays.copyOfRange(rows, from, to);
    }
}
