package dev.reel.rrd.tools;

import dev.reel.api.EntityPath;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.TimeColumn;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.NonNullableStructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Whether two chunks are "similar" as {@code rerun rrd compare} means it: same entity, rows, timelines and
 * component columns, ignoring chunk ids and row ids, the values of {@code log_time} and {@code sim_time}, the
 * recording start time of {@code /__properties}, and small float differences (relative 1e-3 for 16 and 32-bit
 * floats, 1e-8 for 64-bit). Rows are compared in the chunks' order, which for chunks of a store is row-id order.
 * Values are compared as values, not as Arrow buffers, so two encodings of the same data (offsets, padding) are
 * similar.
 */
final class ChunkSimilarity {
    private static final Set<String> TIMELINES_WITHOUT_VALUES = Set.of("log_time", "sim_time");
    private static final String RECORDING_START_TIME = "RecordingInfo:start_time";

    private final Set<String> ignoredTimelines;

    ChunkSimilarity(Set<String> ignoredTimelines) {
        this.ignoredTimelines = Set.copyOf(ignoredTimelines);
    }

    /** Empty if similar, else the first difference, in words. */
    Optional<String> difference(Chunk a, Chunk b) {
        if (a.numRows() != b.numRows()) {
            return Optional.of("number of rows differs: " + a.numRows() + " vs " + b.numRows());
        }
        if (!a.entityPath().equals(b.entityPath())) {
            return Optional.of("entity paths differ: " + a.entityPath() + " vs " + b.entityPath());
        }
        List<String> timelinesA = timelines(a);
        List<String> timelinesB = timelines(b);
        if (!timelinesA.equals(timelinesB)) {
            return Optional.of("timelines differ: " + timelinesA + " vs " + timelinesB);
        }
        if (a.components().size() != b.components().size()) {
            return Optional.of("number of components differs: " + a.components().size() + " vs "
                    + b.components().size());
        }
        for (TimeColumn time : a.timeColumns()) {
            String name = time.timeline().name();
            if (ignoredTimelines.contains(name)) {
                continue;
            }
            TimeColumn other = b.timeColumn(name).orElseThrow();
            if (time.timeline().type() != other.timeline().type()) {
                return Optional.of("timeline '" + name + "' is " + time.timeline().type() + " vs "
                        + other.timeline().type());
            }
            if (TIMELINES_WITHOUT_VALUES.contains(name)) {
                continue;
            }
            for (int row = 0; row < a.numRows(); row++) {
                if (time.get(row) != other.get(row)) {
                    return Optional.of("timeline '" + name + "' differs at row " + row + ": "
                            + TimeText.format(time.timeline().type(), time.get(row)) + " vs "
                            + TimeText.format(other.timeline().type(), other.get(row)));
                }
            }
        }
        boolean properties = a.entityPath().equals(EntityPath.PROPERTIES);
        for (ComponentColumn column : a.components()) {
            String name = column.descriptor().component();
            if (properties && name.equals(RECORDING_START_TIME)) {
                continue;
            }
            Optional<ComponentColumn> other = b.component(name);
            if (other.isEmpty()) {
                return Optional.of("component '" + name + "' is missing in the second");
            }
            if (!column.descriptor().equals(other.get().descriptor())) {
                return Optional.of("component '" + name + "' is described differently: "
                        + describe(column) + " vs " + describe(other.get()));
            }
            Field fieldA = column.vector().getField();
            Field fieldB = other.get().vector().getField();
            if (!sameType(fieldA, fieldB)) {
                return Optional.of("component '" + name + "' has type " + ChunkText.type(fieldA) + " vs "
                        + ChunkText.type(fieldB));
            }
            for (int row = 0; row < a.numRows(); row++) {
                if (!similar(column.vector(), row, other.get().vector(), row)) {
                    return Optional.of("component '" + name + "' differs at row " + row + ": "
                            + ChunkText.cell(column, row) + " vs " + ChunkText.cell(other.get(), row));
                }
            }
        }
        return Optional.empty();
    }

    private List<String> timelines(Chunk chunk) {
        return chunk.timeColumns().stream().map(t -> t.timeline().name()).filter(n -> !ignoredTimelines.contains(n))
                .sorted().toList();
    }

    private static String describe(ComponentColumn column) {
        var d = column.descriptor();
        return d.archetype().orElse("-") + "/" + d.component() + "/" + d.componentType().orElse("-");
    }

    /** Same Arrow types all the way down (names of nested fields do not matter). */
    static boolean sameType(Field a, Field b) {
        if (!a.getType().equals(b.getType()) || a.getChildren().size() != b.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < a.getChildren().size(); i++) {
            if (!sameType(a.getChildren().get(i), b.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Value {@code i} of {@code a} against value {@code j} of {@code b}, vectors of the same type. */
    static boolean similar(ValueVector a, int i, ValueVector b, int j) {
        boolean nullA = a.isNull(i);
        boolean nullB = b.isNull(j);
        if (nullA || nullB) {
            return nullA == nullB;
        }
        if (a instanceof FloatingPointVector x && b instanceof FloatingPointVector y) {
            return almostEqual(x.getValueAsDouble(i), y.getValueAsDouble(j), a instanceof Float8Vector ? 1e-8 : 1e-3);
        }
        if (a instanceof ListVector x && b instanceof ListVector y) {
            int startA = x.getElementStartIndex(i);
            int startB = y.getElementStartIndex(j);
            int length = x.getElementEndIndex(i) - startA;
            return length == y.getElementEndIndex(j) - startB
                    && similarRange(x.getDataVector(), startA, y.getDataVector(), startB, length);
        }
        if (a instanceof FixedSizeListVector x && b instanceof FixedSizeListVector y) {
            int size = x.getListSize();
            return similarRange(x.getDataVector(), i * size, y.getDataVector(), j * size, size);
        }
        if (a instanceof NonNullableStructVector x && b instanceof NonNullableStructVector y) {
            List<? extends ValueVector> childrenA = x.getChildrenFromFields();
            List<? extends ValueVector> childrenB = y.getChildrenFromFields();
            for (int k = 0; k < childrenA.size(); k++) {
                if (!similar(childrenA.get(k), i, childrenB.get(k), j)) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof BaseFixedWidthVector x && b instanceof BaseFixedWidthVector && !(a instanceof BitVector)) {
            long width = x.getTypeWidth();
            return ByteFunctionHelpers.equal(x.getDataBuffer(), i * width, (i + 1) * width,
                    ((BaseFixedWidthVector) b).getDataBuffer(), j * width, (j + 1) * width) == 1;
        }
        return Objects.deepEquals(a.getObject(i), b.getObject(j));
    }

    private static boolean similarRange(ValueVector a, int startA, ValueVector b, int startB, int length) {
        for (int k = 0; k < length; k++) {
            if (!similar(a, startA + k, b, startB + k)) {
                return false;
            }
        }
        return true;
    }

    /** Rerun's {@code almost_equal_f64}: equal, or both tiny, or within a relative {@code epsilon}. */
    static boolean almostEqual(double a, double b, double epsilon) {
        if (a == b || Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        double largest = Math.max(Math.abs(a), Math.abs(b));
        return largest <= epsilon || Math.abs(a - b) / largest <= epsilon;
    }
}
