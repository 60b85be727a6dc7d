package dev.reel.store.internal;

import dev.reel.api.EntityPath;

import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.ComponentDescriptor;
import dev.reel.api.log.Sorbet;
import dev.reel.api.log.TimeColumn;
import dev.reel.store.DataframeQuery;
import dev.reel.store.TimeRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.TypeEqualsVisitor;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Builds a dataframe from one store (rerun-data-platform.md C.3): one row per distinct value of the index
 * timeline at which a selected column has data; at one time the value with the highest row id; static data
 * fills every row and overrides temporal data; optionally empty cells take the latest earlier value. Runs under
 * the store's read lock.
 */
final class DataframeBuilder {
    /** A cell in a stored chunk. */
    record Located(Chunk chunk, ComponentColumn column, int row) {}

    private record Selected(EntityPath entity, String component) {}

    private final DataframeQuery query;
    private final StoreIndexes indexes;

    DataframeBuilder(DataframeQuery query, StoreIndexes indexes) {
        this.query = query;
        this.indexes = indexes;
    }

    VectorSchemaRoot build(BufferAllocator allocator) {
        List<Selected> columns = columns();
        Timeline index = query.index();
        long max = query.range().map(TimeRange::max).orElse(Long.MAX_VALUE);
        long min = query.range().map(TimeRange::min).orElse(Long.MIN_VALUE);
        List<TreeMap<Long, Located>> temporal = new ArrayList<>();
        List<Located> statics = new ArrayList<>();
        TreeSet<Long> rowTimes = new TreeSet<>();
        for (Selected column : columns) {
            TreeMap<Long, Located> byTime = temporalCells(column, index, max);
            temporal.add(byTime);
            statics.add(staticCell(column));
            rowTimes.addAll(byTime.subMap(min, true, max, true).keySet());
        }
        long[] times = rowTimes.stream().mapToLong(Long::longValue).toArray();
        List<FieldVector> vectors = new ArrayList<>();
        try {
            vectors.add(indexVector(index, times, allocator));
            for (int c = 0; c < columns.size(); c++) {
                FieldVector column = componentVector(columns.get(c), temporal.get(c), statics.get(c), times, allocator);
                if (column != null) {
                    vectors.add(column);
                }
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        List<Field> fields = vectors.stream().map(FieldVector::getField).toList();
        return new VectorSchemaRoot(new Schema(fields, Map.of(Sorbet.VERSION_KEY, Sorbet.VERSION)), vectors,
                times.length);
    }

    /** The selected columns, or every component of every entity except the reserved {@code __} ones. */
    private List<Selected> columns() {
        if (!query.columns().isEmpty()) {
            return query.columns().stream().map(c -> new Selected(c.entity(), c.component())).toList();
        }
        List<Selected> all = new ArrayList<>();
        for (EntityPath entity : indexes.entities()) {
            if (!entity.isReserved()) {
                indexes.components(entity).forEach(component -> all.add(new Selected(entity, component)));
            }
        }
        return all;
    }

    /** Per time up to {@code max}, the cell with the highest row id. */
    private TreeMap<Long, Located> temporalCells(Selected column, Timeline index, long max) {
        TreeMap<Long, Located> byTime = new TreeMap<>();
        for (Chunk chunk : indexes.chunksOfEntity(column.entity())) {
            var times = chunk.timeColumn(index);
            var values = chunk.component(column.component());
            if (times.isEmpty() || values.isEmpty()) {
                continue;
            }
            TimeColumn t = times.get();
            for (int row = 0; row < chunk.numRows(); row++) {
                long time = t.get(row);
                if (time <= max && values.get().isPresent(row)) {
                    Located candidate = new Located(chunk, values.get(), row);
                    byTime.merge(time, candidate, (a, b) -> rowId(a).compareTo(rowId(b)) >= 0 ? a : b);
                }
            }
        }
        return byTime;
    }

    /** The static chunk and row holding a component's static value, or null. */
    private Located staticCell(Selected column) {
        StoredChunk stored = indexes.staticChunk(column.entity(), column.component());
        if (stored == null) {
            return null;
        }
        ComponentColumn values = stored.chunk.component(column.component()).orElseThrow();
        int row = StoreQueries.latestStaticRow(stored.chunk, values);
        return row < 0 ? null : new Located(stored.chunk, values, row);
    }

    private static Tuid rowId(Located cell) {
        return cell.chunk().rowId(cell.row());
    }

    private static FieldVector indexVector(Timeline timeline, long[] times, BufferAllocator allocator) {
        ArrowType type = switch (timeline.type()) {
            case SEQUENCE -> new ArrowType.Int(64, true);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
            case DURATION -> new ArrowType.Duration(TimeUnit.NANOSECOND);
        };
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.INDEX_NAME_KEY, timeline.name());
        metadata.put(Sorbet.IS_SORTED_KEY, "true");
        metadata.put(Sorbet.KIND_KEY, Sorbet.KIND_INDEX);
        BaseFixedWidthVector vector = (BaseFixedWidthVector) new Field(timeline.name(),
                new FieldType(true, type, null, metadata), null).createVector(allocator);
        vector.allocateNew(times.length);
        for (int i = 0; i < times.length; i++) {
            vector.getDataBuffer().setLong((long) i * Long.BYTES, times[i]);
            org.apache.arrow.vector.BitVectorHelper.setBit(vector.getValidityBuffer(), i);
        }
        vector.setValueCount(times.length);
        return vector;
    }

    /** The column's cells at the row times, or null if the column has no data at all. */
    private FieldVector componentVector(Selected column, TreeMap<Long, Located> temporal, Located staticCell,
            long[] times, BufferAllocator allocator) {
        Located prototype = staticCell != null ? staticCell : temporal.isEmpty() ? null : temporal.firstEntry().getValue();
        if (prototype == null) {
            return null;
        }
        ListVector source = prototype.column().vector();
        ComponentDescriptor descriptor = prototype.column().descriptor();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(Sorbet.ENTITY_PATH_KEY, column.entity().toString());
        descriptor.archetype().ifPresent(a -> metadata.put(Sorbet.ARCHETYPE_KEY, a));
        metadata.put(Sorbet.COMPONENT_KEY, descriptor.component());
        descriptor.componentType().ifPresent(t -> metadata.put(Sorbet.COMPONENT_TYPE_KEY, t));
        metadata.put(Sorbet.KIND_KEY, Sorbet.KIND_DATA);
        if (staticCell != null) {
            metadata.put("rerun:is_static", "true");
        }
        Field field = new Field(column.entity() + ":" + descriptor.component(),
                new FieldType(true, source.getField().getType(), null, metadata), source.getField().getChildren());
        ListVector target = (ListVector) field.createVector(allocator);
        target.allocateNew();
        Map<ListVector, TransferPair> transfers = new HashMap<>();
        for (int row = 0; row < times.length; row++) {
            Located cell = staticCell;
            if (cell == null) {
                cell = temporal.get(times[row]);
                if (cell == null && query.fillLatestAt()) {
                    var earlier = temporal.floorEntry(times[row]);
                    cell = earlier == null ? null : earlier.getValue();
                }
            }
            if (cell != null && new TypeEqualsVisitor(target, false, false).equals(cell.column().vector())) {
                Located located = cell;
                transfers.computeIfAbsent(located.column().vector(), v -> v.makeTransferPair(target))
                        .copyValueSafe(located.row(), row);
            }
        }
        target.setValueCount(times.length);
        return target;
    }
}
