package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.Sorbet;
import dev.reel.api.log.TimeColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.TypeEqualsVisitor;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.arrow.vector.util.VectorAppender;

/**
 * Row-level operations on chunks, in the way Rerun's {@code re_chunk} does them: slicing (for splits),
 * reordering by row id, concatenation (for compaction), and copies of some rows and columns (for the file tools,
 * through {@link dev.reel.store.ChunkRows}). Every result is a new chunk whose {@code rerun:is_sorted} flags tell
 * the truth about its rows; inputs are consumed where the method says so.
 */
public final class ChunkOps {
    private ChunkOps() {}

    /** Rows {@code [from, from + length)} as a new chunk sharing the input's memory; the input stays usable. */
    static Chunk slice(Chunk chunk, int from, int length, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector vector : chunk.recordBatch().getFieldVectors()) {
            // a target made from the field keeps the field's metadata (getTransferPair(allocator) would not)
            FieldVector target = vector.getField().createVector(allocator);
            vector.makeTransferPair(target).splitAndTransfer(from, length);
            vectors.add(target);
        }
        return rebuild(chunk, vectors, length, ChunkId.next());
    }

    /**
     * The same chunk (same id) with its memory accounted to {@code allocator}: buffers change owner without
     * being copied. Consumes the input; returns it unchanged if it already belongs to {@code allocator}.
     */
    static Chunk ownedBy(Chunk chunk, BufferAllocator allocator) {
        List<FieldVector> sources = chunk.recordBatch().getFieldVectors();
        if (sources.stream().allMatch(v -> v.getAllocator() == allocator)) {
            return chunk;
        }
        List<FieldVector> vectors = new ArrayList<>();
        for (FieldVector source : sources) {
            FieldVector target = source.getField().createVector(allocator);
            source.makeTransferPair(target).transfer();
            vectors.add(target);
        }
        Schema schema = chunk.recordBatch().getSchema();
        int rows = chunk.numRows();
        chunk.close();
        return Chunk.fromRecordBatch(new VectorSchemaRoot(schema, vectors, rows));
    }

    /** True if row ids never decrease. */
    static boolean isSortedByRowId(Chunk chunk) {
        FieldVector rowIds = chunk.recordBatch().getVector(0);
        for (int row = 1; row < chunk.numRows(); row++) {
            if (compareRowIds(rowIds, row - 1, row) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The chunk with rows in row-id order (a new id if they had to move); consumes the input. */
    static Chunk sortedByRowId(Chunk chunk, BufferAllocator allocator) {
        if (isSortedByRowId(chunk)) {
            return chunk;
        }
        Tuid[] ids = new Tuid[chunk.numRows()];
        for (int row = 0; row < ids.length; row++) {
            ids[row] = chunk.rowId(row);
        }
        int[] order = IntStream.range(0, ids.length).boxed()
                .sorted(Comparator.comparing((Integer row) -> ids[row]))
                .mapToInt(Integer::intValue).toArray();
        try (chunk) {
            return take(chunk, order, allocator);
        }
    }

    /** The given rows, in the given order, copied into a new chunk; the input stays usable. */
    static Chunk take(Chunk chunk, int[] rows, BufferAllocator allocator) {
        return take(chunk, rows, timeline -> true, component -> true, false, ChunkId.next(), allocator);
    }

    /**
     * The given rows, in the given order, of the row-id column, of the index columns whose timeline
     * {@code keepTimeline} accepts and of the component columns {@code keepComponent} accepts, copied into a new
     * chunk {@code id} (public for {@link dev.reel.store.ChunkRows}); the input stays usable. With
     * {@code freshRowIds} the rows get new, increasing row ids instead of theirs.
     */
    public static Chunk take(Chunk chunk, int[] rows, Predicate<String> keepTimeline,
            Predicate<String> keepComponent, boolean freshRowIds, ChunkId id, BufferAllocator allocator) {
        List<FieldVector> columns = new ArrayList<>();
        for (TimeColumn time : chunk.timeColumns()) {
            if (keepTimeline.test(time.timeline().name())) {
                columns.add(time.vector());
            }
        }
        for (ComponentColumn component : chunk.components()) {
            if (keepComponent.test(component.descriptor().component())) {
                columns.add(component.vector());
            }
        }
        List<FieldVector> vectors = new ArrayList<>();
        try {
            FieldVector rowIds = chunk.recordBatch().getVector(0);
            vectors.add(freshRowIds ? freshRowIds(rowIds.getField(), rows.length, allocator)
                    : copyRows(rowIds, rows, allocator));
            for (FieldVector column : columns) {
                vectors.add(copyRows(column, rows, allocator));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return rebuild(chunk, vectors, rows.length, id);
    }

    /**
     * Rows of one column copied into a new vector. Runs of consecutive rows are sliced and appended in bulk,
     * which works for every Arrow type, nested ones included (Arrow's {@code copyFromSafe} cannot copy a list of
     * fixed-size lists such as Rerun's points).
     */
    private static FieldVector copyRows(FieldVector source, int[] rows, BufferAllocator allocator) {
        FieldVector target = source.getField().createVector(allocator);
        try {
            target.allocateNew();
            target.setValueCount(0);
            VectorAppender appender = new VectorAppender(target);
            int i = 0;
            while (i < rows.length) {
                int run = 1;
                while (i + run < rows.length && rows[i + run] == rows[i] + run) {
                    run++;
                }
                try (FieldVector piece = source.getField().createVector(allocator)) {
                    source.makeTransferPair(piece).splitAndTransfer(rows[i], run);
                    piece.accept(appender, null);
                }
                i += run;
            }
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    private static FieldVector freshRowIds(Field field, int rows, BufferAllocator allocator) {
        FixedSizeBinaryVector ids = (FixedSizeBinaryVector) field.createVector(allocator);
        ids.allocateNew(rows);
        for (int row = 0; row < rows; row++) {
            ids.set(row, Tuid.next().toBytes());
        }
        ids.setValueCount(rows);
        return ids;
    }

    /**
     * Whether two chunks can be concatenated (Rerun's rule): same entity, same timelines, and the same Arrow
     * type (with metadata) for every component both have.
     */
    static boolean concatenable(Chunk a, Chunk b) {
        if (!a.entityPath().equals(b.entityPath()) || a.timeColumns().size() != b.timeColumns().size()) {
            return false;
        }
        for (TimeColumn column : a.timeColumns()) {
            if (b.timeColumn(column.timeline()).isEmpty()) {
                return false;
            }
        }
        for (ComponentColumn column : a.components()) {
            var other = b.component(column.descriptor().component());
            if (other.isPresent() && !new TypeEqualsVisitor(column.vector(), false, true).equals(other.get().vector())) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code first}'s rows followed by {@code second}'s, then sorted by row id if needed, under a new chunk id:
     * Rerun's {@code concat_and_sort}. A component missing on one side is null there. Both inputs must be sorted
     * by row id (every stored chunk is), so whether the result is sorted, by row id and by each timeline, follows
     * from the two sides and their boundary without a scan. Consumes both inputs: {@code first}'s vectors grow in
     * place, so appending is linear in the rows appended.
     */
    static Chunk concat(Chunk first, Chunk second, BufferAllocator allocator) {
        int firstRows = first.numRows();
        int rows = firstRows + second.numRows();
        boolean rowIdsSorted = compareRowIds(first.recordBatch().getVector(0), firstRows - 1,
                second.recordBatch().getVector(0), 0) <= 0;
        Map<String, Boolean> timesSorted = new HashMap<>();
        for (TimeColumn time : first.timeColumns()) {
            TimeColumn other = second.timeColumn(time.timeline()).orElseThrow();
            timesSorted.put(columnKey(time.vector().getField()), time.isSorted() && other.isSorted()
                    && time.get(firstRows - 1) <= other.get(0));
        }
        VectorSchemaRoot a = first.recordBatch();
        VectorSchemaRoot b = second.recordBatch();
        Map<String, FieldVector> byName = new LinkedHashMap<>();
        for (FieldVector vector : a.getFieldVectors()) {
            byName.put(columnKey(vector.getField()), vector);
        }
        List<FieldVector> vectors = new ArrayList<>(a.getFieldVectors());
        Map<String, FieldVector> fromSecond = new HashMap<>();
        for (FieldVector vector : b.getFieldVectors()) {
            fromSecond.put(columnKey(vector.getField()), vector);
        }
        for (FieldVector target : a.getFieldVectors()) {
            FieldVector source = fromSecond.get(columnKey(target.getField()));
            if (source != null) {
                source.accept(new VectorAppender(target), null);
            } else {
                target.setValueCount(rows); // pads with nulls
            }
        }
        for (FieldVector source : b.getFieldVectors()) {
            if (!byName.containsKey(columnKey(source.getField()))) {
                FieldVector padded = source.getField().createVector(allocator);
                padded.allocateNew();
                padded.setValueCount(firstRows);
                source.accept(new VectorAppender(padded), null);
                vectors.add(padded);
            }
        }
        second.close();
        // first's vectors now belong to the merged chunk: detach them from first without releasing them
        List<FieldVector> flagged = new ArrayList<>();
        for (FieldVector vector : ordered(vectors)) {
            String kind = kindOf(vector.getField());
            flagged.add(switch (kind) {
                case Sorbet.KIND_CONTROL -> withSortedFlag(vector, rowIdsSorted);
                case Sorbet.KIND_INDEX -> withSortedFlag(vector, timesSorted.get(columnKey(vector.getField())));
                default -> vector;
            });
        }
        Chunk merged = assemble(first, flagged, rows, ChunkId.next());
        return rowIdsSorted ? merged : sortedByRowId(merged, allocator);
    }

    /** Control column first, then timelines, then components; components sorted as Rerun's writer sorts them. */
    private static List<FieldVector> ordered(List<FieldVector> vectors) {
        List<FieldVector> result = new ArrayList<>();
        for (String kind : List.of(Sorbet.KIND_CONTROL, Sorbet.KIND_INDEX, Sorbet.KIND_DATA)) {
            vectors.stream().filter(v -> kind.equals(kindOf(v.getField()))).forEach(result::add);
        }
        return result;
    }

    private static String kindOf(Field field) {
        String kind = field.getMetadata().getOrDefault(Sorbet.KIND_KEY, Sorbet.KIND_DATA);
        return kind.equals(Sorbet.KIND_CONTROL) || kind.equals(Sorbet.KIND_INDEX) ? kind : Sorbet.KIND_DATA;
    }

    private static String columnKey(Field field) {
        String kind = kindOf(field);
        return kind + "/" + switch (kind) {
            case Sorbet.KIND_INDEX -> field.getMetadata().getOrDefault(Sorbet.INDEX_NAME_KEY, field.getName());
            case Sorbet.KIND_DATA -> field.getMetadata().getOrDefault(Sorbet.COMPONENT_KEY, field.getName());
            default -> "";
        };
    }

    /**
     * A chunk over new vectors with the source's batch metadata, a new id, and {@code rerun:is_sorted} flags
     * that tell the truth about the new rows.
     */
    private static Chunk rebuild(Chunk source, List<FieldVector> vectors, int rows, ChunkId id) {
        List<FieldVector> flagged = new ArrayList<>(vectors.size());
        for (FieldVector vector : vectors) {
            flagged.add(withSortedFlag(vector, rows));
        }
        return assemble(source, flagged, rows, id);
    }

    /** A chunk over these vectors as they are, with the source's batch metadata and a new id. */
    private static Chunk assemble(Chunk source, List<FieldVector> vectors, int rows, ChunkId id) {
        Map<String, String> metadata = new LinkedHashMap<>(source.metadata());
        metadata.put(Sorbet.CHUNK_ID_KEY, id.toString());
        List<Field> fields = vectors.stream().map(FieldVector::getField).toList();
        return Chunk.fromRecordBatch(new VectorSchemaRoot(new Schema(fields, metadata), vectors, rows));
    }

    private static FieldVector withSortedFlag(FieldVector vector, int rows) {
        String kind = kindOf(vector.getField());
        if (kind.equals(Sorbet.KIND_DATA)) {
            return vector;
        }
        boolean sorted = true;
        if (kind.equals(Sorbet.KIND_INDEX)) {
            long previous = Long.MIN_VALUE;
            for (int row = 0; row < rows && sorted; row++) {
                long t = vector.getDataBuffer().getLong((long) row * Long.BYTES);
                sorted = t >= previous;
                previous = t;
            }
        } else {
            for (int row = 1; row < rows && sorted; row++) {
                sorted = compareRowIds(vector, row - 1, row) <= 0;
            }
        }
        return withSortedFlag(vector, sorted);
    }

    /** The vector, or its buffers moved to a vector whose {@code rerun:is_sorted} flag says {@code sorted}. */
    private static FieldVector withSortedFlag(FieldVector vector, boolean sorted) {
        Map<String, String> metadata = new LinkedHashMap<>(vector.getField().getMetadata());
        boolean flagged = "true".equals(metadata.get(Sorbet.IS_SORTED_KEY));
        if (flagged == sorted) {
            return vector;
        }
        if (sorted) {
            metadata.put(Sorbet.IS_SORTED_KEY, "true");
        } else {
            metadata.remove(Sorbet.IS_SORTED_KEY);
        }
        Field old = vector.getField();
        Field field = new Field(old.getName(), new FieldType(old.isNullable(), old.getType(), old.getDictionary(),
                metadata), old.getChildren());
        FieldVector target = field.createVector(vector.getAllocator());
        vector.makeTransferPair(target).transfer();
        return target;
    }

    private static int compareRowIds(FieldVector rowIds, int i, int j) {
        return compareRowIds(rowIds, i, rowIds, j);
    }

    /** Row ids compare as (time_ns, inc), both unsigned and stored big-endian. */
    private static int compareRowIds(FieldVector a, int i, FieldVector b, int j) {
        int c = Long.compareUnsigned(Long.reverseBytes(a.getDataBuffer().getLong((long) i * 16)),
                Long.reverseBytes(b.getDataBuffer().getLong((long) j * 16)));
        if (c != 0) {
            return c;
        }
        return Long.compareUnsigned(Long.reverseBytes(a.getDataBuffer().getLong((long) i * 16 + 8)),
                Long.reverseBytes(b.getDataBuffer().getLong((long) j * 16 + 8)));
    }
}
