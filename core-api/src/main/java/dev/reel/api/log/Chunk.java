package dev.reel.api.log;

import static java.util.Objects.requireNonNull;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.TimeType;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.VectorEqualsVisitor;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A batch of rows of one entity: Rerun's unit of storage and transport. A view over one Arrow record batch
 * laid out as Sorbet {@value Sorbet#VERSION}: a row-id column, then one column per timeline, then one list
 * column per component. A chunk without timeline columns is static.
 *
 * <p>A chunk owns its record batch: {@link #close()} releases the Arrow memory, and a chunk must not be used
 * after that.
 */
public final class Chunk implements AutoCloseable {
    private final ChunkId id;
    private final EntityPath entityPath;
    private final VectorSchemaRoot root;
    private final FixedSizeBinaryVector rowIds;
    private final List<TimeColumn> timeColumns;
    private final List<ComponentColumn> components;
    private boolean closed;

    private Chunk(ChunkId id, EntityPath entityPath, VectorSchemaRoot root, FixedSizeBinaryVector rowIds,
            List<TimeColumn> timeColumns, List<ComponentColumn> components) {
        this.id = id;
        this.entityPath = entityPath;
        this.root = root;
        this.rowIds = rowIds;
        this.timeColumns = timeColumns;
        this.components = components;
    }

    /**
     * Wraps a record batch in Sorbet {@value Sorbet#VERSION} layout and takes ownership of it, also when the
     * layout is rejected (the batch is closed then).
     *
     * @throws ChunkFormatException naming the column and rule the batch breaks
     */
    public static Chunk fromRecordBatch(VectorSchemaRoot root) {
        requireNonNull(root, "root is null");
        try {
            return wrap(root);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static Chunk wrap(VectorSchemaRoot root) {
        Map<String, String> metadata = root.getSchema().getCustomMetadata();
        String idText = metadata.get(Sorbet.CHUNK_ID_KEY);
        if (idText == null) {
            throw new ChunkFormatException("chunk schema has no '" + Sorbet.CHUNK_ID_KEY + "' metadata");
        }
        ChunkId id;
        try {
            id = ChunkId.parse(idText);
        } catch (IllegalArgumentException e) {
            throw new ChunkFormatException("chunk id '" + idText + "' is not a TUID", e);
        }
        String pathText = metadata.get(Sorbet.ENTITY_PATH_KEY);
        if (pathText == null) {
            throw new ChunkFormatException("chunk " + id + " has no '" + Sorbet.ENTITY_PATH_KEY + "' metadata");
        }
        EntityPath entityPath = EntityPath.parse(pathText);

        List<FieldVector> vectors = root.getFieldVectors();
        if (vectors.isEmpty() || !Sorbet.KIND_CONTROL.equals(kindOf(vectors.get(0).getField()))) {
            throw new ChunkFormatException("chunk " + id + ": the first column must be the row-id control column");
        }
        FieldVector first = vectors.get(0);
        if (!(first instanceof FixedSizeBinaryVector rowIds) || rowIds.getByteWidth() != Tuid.BYTES) {
            throw new ChunkFormatException("chunk " + id + ": row-id column must be FixedSizeBinary(16), got "
                    + first.getField().getType());
        }
        if (rowIds.getNullCount() > 0) {
            throw new ChunkFormatException("chunk " + id + ": row-id column contains nulls");
        }
        List<TimeColumn> times = new ArrayList<>();
        List<ComponentColumn> components = new ArrayList<>();
        for (int i = 1; i < vectors.size(); i++) {
            FieldVector vector = vectors.get(i);
            Field field = vector.getField();
            String kind = kindOf(field);
            switch (kind) {
                case Sorbet.KIND_CONTROL -> throw new ChunkFormatException(
                        "chunk " + id + ": column '" + field.getName() + "' is a second control column");
                case Sorbet.KIND_INDEX -> {
                    if (!components.isEmpty()) {
                        throw new ChunkFormatException("chunk " + id + ": index column '" + field.getName()
                                + "' comes after a component column");
                    }
                    times.add(timeColumn(id, field, vector));
                }
                default -> {
                    if (!(vector instanceof ListVector list)) {
                        throw new ChunkFormatException("chunk " + id + ": component column '" + field.getName()
                                + "' must be a List, got " + field.getType());
                    }
                    components.add(new ComponentColumn(descriptorOf(field), list));
                }
            }
        }
        return new Chunk(id, entityPath, root, rowIds, List.copyOf(times), List.copyOf(components));
    }

    private static String kindOf(Field field) {
        String kind = field.getMetadata().getOrDefault(Sorbet.KIND_KEY, Sorbet.KIND_DATA);
        return switch (kind) {
            case "row_id" -> Sorbet.KIND_CONTROL;
            case "time" -> Sorbet.KIND_INDEX;
            case "component" -> Sorbet.KIND_DATA;
            default -> kind;
        };
    }

    private static TimeColumn timeColumn(ChunkId id, Field field, FieldVector vector) {
        String name = field.getMetadata().getOrDefault(Sorbet.INDEX_NAME_KEY, field.getName());
        ArrowType type = field.getType();
        TimeType timeType;
        if (vector instanceof BigIntVector) {
            timeType = TimeType.SEQUENCE;
        } else if (vector instanceof TimeStampVector
                && ((ArrowType.Timestamp) type).getUnit() == TimeUnit.NANOSECOND) {
            timeType = TimeType.TIMESTAMP;
        } else if (vector instanceof DurationVector
                && ((ArrowType.Duration) type).getUnit() == TimeUnit.NANOSECOND) {
            timeType = TimeType.DURATION;
        } else {
            throw new ChunkFormatException("chunk " + id + ": index column '" + name
                    + "' must be Int64, Timestamp(ns) or Duration(ns), got " + type);
        }
        return new TimeColumn(new Timeline(name, timeType), (BaseFixedWidthVector) vector);
    }

    private static ComponentDescriptor descriptorOf(Field field) {
        Map<String, String> metadata = field.getMetadata();
        return new ComponentDescriptor(metadata.getOrDefault(Sorbet.COMPONENT_KEY, field.getName()),
                Optional.ofNullable(metadata.get(Sorbet.ARCHETYPE_KEY)),
                Optional.ofNullable(metadata.get(Sorbet.COMPONENT_TYPE_KEY)));
    }

    public ChunkId id() {
        return id;
    }

    public EntityPath entityPath() {
        return entityPath;
    }

    /** A static chunk has no timeline columns: its data belongs to all timelines. */
    public boolean isStatic() {
        return timeColumns.isEmpty();
    }

    public int numRows() {
        return root.getRowCount();
    }

    public Tuid rowId(int row) {
        long offset = (long) row * Tuid.BYTES;
        return new Tuid(Long.reverseBytes(rowIds.getDataBuffer().getLong(offset)),
                Long.reverseBytes(rowIds.getDataBuffer().getLong(offset + 8)));
    }

    public FixedSizeBinaryVector rowIdVector() {
        return rowIds;
    }

    /** The timeline columns, in schema order. */
    public List<TimeColumn> timeColumns() {
        return timeColumns;
    }

    // plain loops: these run on every query and a chunk has a handful of columns

    public Optional<TimeColumn> timeColumn(Timeline timeline) {
        // indexed loops: a query asks these for every chunk it looks at, and an iterator per call showed up
        for (int i = 0; i < timeColumns.size(); i++) {
            TimeColumn column = timeColumns.get(i);
            if (column.timeline().equals(timeline)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    public Optional<TimeColumn> timeColumn(String timelineName) {
        for (TimeColumn column : timeColumns) {
            if (column.timeline().name().equals(timelineName)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /** The component columns, in schema order. */
    public List<ComponentColumn> components() {
        return components;
    }

    public Optional<ComponentColumn> component(String identifier) {
        for (int i = 0; i < components.size(); i++) {
            ComponentColumn column = components.get(i);
            if (column.descriptor().component().equals(identifier)) {
                return Optional.of(column);
            }
        }
        return Optional.empty();
    }

    /** The schema-level metadata of the record batch ({@code rerun:id}, {@code sorbet:version}, ...). */
    public Map<String, String> metadata() {
        return root.getSchema().getCustomMetadata();
    }

    /** The underlying record batch; it stays owned by this chunk. */
    public VectorSchemaRoot recordBatch() {
        return root;
    }

    /** The bytes of Arrow memory this chunk holds. */
    public long sizeBytes() {
        long size = 0;
        for (FieldVector vector : root.getFieldVectors()) {
            size += vector.getBufferSize();
        }
        return size;
    }

    /** True if both chunks have the same id, schema (with metadata) and values. */
    public boolean contentEquals(Chunk other) {
        if (!id.equals(other.id) || !root.getSchema().equals(other.root.getSchema())
                || numRows() != other.numRows()) {
            return false;
        }
        List<FieldVector> mine = root.getFieldVectors();
        List<FieldVector> theirs = other.root.getFieldVectors();
        for (int i = 0; i < mine.size(); i++) {
            if (!VectorEqualsVisitor.vectorEquals(mine.get(i), theirs.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }

    @Override
    public String toString() {
        return id + " " + entityPath + " rows=" + numRows() + (isStatic() ? " static" : "");
    }
}
