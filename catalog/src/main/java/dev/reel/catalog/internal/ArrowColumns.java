package dev.reel.catalog.internal;

import dev.reel.api.TimeType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Builds the catalog's Arrow answers (segment table, manifest, query descriptors) column by column from rows:
 * each column is a name, an Arrow type and how to read its value from a row, so that a table's layout reads as
 * the list of Rerun's columns it is.
 *
 * @param <R> the row type
 */
final class ArrowColumns<R> {
    /** One column: its field and its value for a row (null for a null). */
    private record Column<R>(Field field, Function<R, Object> value) {}

    private final List<Column<R>> columns = new ArrayList<>();

    ArrowColumns<R> utf8(String name, boolean nullable, Function<R, String> value) {
        return add(field(name, nullable, ArrowType.Utf8.INSTANCE, Map.of()), value::apply);
    }

    ArrowColumns<R> binary(String name, Function<R, byte[]> value) {
        return add(field(name, false, ArrowType.Binary.INSTANCE, Map.of()), value::apply);
    }

    ArrowColumns<R> fixedBinary(String name, int width, boolean nullable, Map<String, String> metadata,
            Function<R, byte[]> value) {
        return add(field(name, nullable, new ArrowType.FixedSizeBinary(width), metadata), value::apply);
    }

    ArrowColumns<R> uint64(String name, boolean nullable, Function<R, Long> value) {
        return add(field(name, nullable, new ArrowType.Int(64, false), Map.of()), value::apply);
    }

    ArrowColumns<R> bool(String name, Function<R, Boolean> value) {
        return add(field(name, false, ArrowType.Bool.INSTANCE, Map.of()), value::apply);
    }

    ArrowColumns<R> timestamp(String name, boolean nullable, Function<R, Long> nanos) {
        return add(field(name, nullable, new ArrowType.Timestamp(TimeUnit.NANOSECOND, null), Map.of()), nanos::apply);
    }

    /** A column of a timeline's values, typed as the timeline is (Int64, Timestamp(ns) or Duration(ns)). */
    ArrowColumns<R> time(String name, TimeType type, Map<String, String> metadata, Function<R, Long> value) {
        return add(field(name, true, arrowType(type), metadata), value::apply);
    }

    /** How Rerun types a timeline's values. */
    static ArrowType arrowType(TimeType type) {
        return switch (type) {
            case SEQUENCE -> new ArrowType.Int(64, true);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
            case DURATION -> new ArrowType.Duration(TimeUnit.NANOSECOND);
        };
    }

    /** A non-null list of non-null strings (inner field {@code item}). */
    ArrowColumns<R> utf8List(String name, Function<R, List<String>> value) {
        Field item = new Field("item", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
        Field list = new Field(name, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(item));
        return add(list, value::apply);
    }

    private ArrowColumns<R> add(Field field, Function<R, Object> value) {
        columns.add(new Column<>(field, value));
        return this;
    }

    private static Field field(String name, boolean nullable, ArrowType type, Map<String, String> metadata) {
        return new Field(name, new FieldType(nullable, type, null, metadata.isEmpty() ? null : metadata), null);
    }

    /** The rows as one record batch; the caller owns it. */
    VectorSchemaRoot build(List<R> rows, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (Column<R> column : columns) {
                FieldVector vector = column.field().createVector(allocator);
                vectors.add(vector);
                fill(vector, rows, column.value());
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(columns.stream().map(Column::field).toList(), vectors, rows.size());
    }

    private static <R> void fill(FieldVector vector, List<R> rows, Function<R, Object> read) {
        vector.setInitialCapacity(Math.max(1, rows.size()));
        vector.allocateNew();
        for (int i = 0; i < rows.size(); i++) {
            Object value = read.apply(rows.get(i));
            if (value == null) {
                vector.setNull(i);
                continue;
            }
            set(vector, i, value);
        }
        vector.setValueCount(rows.size());
    }

    @SuppressWarnings("unchecked")
    private static void set(FieldVector vector, int i, Object value) {
        if (vector instanceof VarCharVector v) {
            v.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof VarBinaryVector v) {
            v.setSafe(i, (byte[]) value);
        } else if (vector instanceof FixedSizeBinaryVector v) {
            v.setSafe(i, (byte[]) value);
        } else if (vector instanceof UInt8Vector v) {
            v.setSafe(i, (Long) value);
        } else if (vector instanceof BitVector v) {
            v.setSafe(i, (Boolean) value ? 1 : 0);
        } else if (vector instanceof TimeStampNanoVector v) {
            v.setSafe(i, (Long) value);
        } else if (vector instanceof DurationVector v) {
            v.setSafe(i, (Long) value);
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(i, (Long) value);
        } else if (vector instanceof ListVector v) {
            UnionListWriter writer = v.getWriter();
            writer.setPosition(i);
            writer.startList();
            for (String item : (List<String>) value) {
                writer.writeVarChar(item);
            }
            writer.endList();
        } else {
            throw new IllegalStateException("no writer for " + vector.getField());
        }
    }
}
