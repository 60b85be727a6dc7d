package dev.reel.api.log;

import static java.util.Objects.requireNonNull;

import dev.reel.api.TimeInt;
import dev.reel.api.Timeline;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;

/**
 * The values of one timeline in a chunk: one signed 64-bit time per row, never null. A view over an Arrow
 * vector owned by the chunk.
 */
public final class TimeColumn {
    private final Timeline timeline;
    private final BaseFixedWidthVector vector;
    private final boolean sorted;
    private final long min;
    private final long max;

    TimeColumn(Timeline timeline, BaseFixedWidthVector vector) {
        this.timeline = requireNonNull(timeline, "timeline is null");
        this.vector = requireNonNull(vector, "vector is null");
        int rows = vector.getValueCount();
        if (vector.getNullCount() > 0) {
            throw new ChunkFormatException("timeline column '" + timeline.name() + "' contains nulls");
        }
        ArrowBuf data = vector.getDataBuffer();
        if (data.capacity() < (long) rows * Long.BYTES) {
            throw new ChunkFormatException("timeline column '" + timeline.name() + "' holds " + data.capacity()
                    + " bytes for " + rows + " rows");
        }
        // bounds checked once above; the vector is alive while this runs, so each read needs no check of its own
        long address = data.memoryAddress();
        boolean isSorted = true;
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < rows; i++) {
            long t = MemoryUtil.getLong(address + (long) i * Long.BYTES);
            if (t == TimeInt.STATIC) {
                throw new ChunkFormatException("timeline column '" + timeline.name() + "' row " + i
                        + " holds the reserved static marker " + t);
            }
            isSorted &= t >= previous;
            previous = t;
            lo = Math.min(lo, t);
            hi = Math.max(hi, t);
        }
        this.sorted = isSorted;
        this.min = lo;
        this.max = hi;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** The Arrow vector: {@code BigIntVector}, {@code TimeStampNanoVector} or {@code DurationVector}. */
    public BaseFixedWidthVector vector() {
        return vector;
    }

    public long get(int row) {
        return vector.getDataBuffer().getLong((long) row * Long.BYTES);
    }

    public int size() {
        return vector.getValueCount();
    }

    /** True if the times never decrease from one row to the next. */
    public boolean isSorted() {
        return sorted;
    }

    /** The smallest time; undefined for an empty column. */
    public long min() {
        return min;
    }

    /** The largest time; undefined for an empty column. */
    public long max() {
        return max;
    }
}
