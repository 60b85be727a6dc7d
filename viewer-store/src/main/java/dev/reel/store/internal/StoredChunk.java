package dev.reel.store.internal;

import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.TimeColumn;
import dev.reel.store.TimeRange;
import java.util.HashMap;
import java.util.Map;

/**
 * A chunk as the store holds it, with what its indexes need precomputed: its smallest row id (GC order), and
 * for each timeline and component the time range of the rows where that component is not null.
 */
final class StoredChunk {
    final Chunk chunk;
    final Tuid minRowId;
    final boolean fromSplit;
    /** Per timeline, per component: the range of times where the component has data. Empty when static. */
    final Map<Timeline, Map<String, TimeRange>> componentRanges = new HashMap<>();
    /** For static chunks: per component, the highest row id with data (the "write" that wins). */
    final Map<String, Tuid> staticRowIds = new HashMap<>();
    final long sizeBytes;

    StoredChunk(Chunk chunk, boolean fromSplit) {
        this.chunk = chunk;
        this.fromSplit = fromSplit;
        Tuid min = null;
        for (int row = 0; row < chunk.numRows(); row++) {
            Tuid id = chunk.rowId(row);
            if (min == null || id.compareTo(min) < 0) {
                min = id;
            }
        }
        this.minRowId = min;
        this.sizeBytes = chunk.sizeBytes();
        if (chunk.isStatic()) {
            for (ComponentColumn column : chunk.components()) {
                Tuid max = null;
                for (int row = 0; row < chunk.numRows(); row++) {
                    if (column.isPresent(row) && (max == null || chunk.rowId(row).compareTo(max) > 0)) {
                        max = chunk.rowId(row);
                    }
                }
                if (max != null) {
                    staticRowIds.put(column.descriptor().component(), max);
                }
            }
            return;
        }
        for (TimeColumn time : chunk.timeColumns()) {
            Map<String, TimeRange> ranges = new HashMap<>();
            for (ComponentColumn column : chunk.components()) {
                long lo = Long.MAX_VALUE;
                long hi = Long.MIN_VALUE;
                for (int row = 0; row < chunk.numRows(); row++) {
                    if (column.isPresent(row)) {
                        long t = time.get(row);
                        lo = Math.min(lo, t);
                        hi = Math.max(hi, t);
                    }
                }
                if (lo <= hi) {
                    ranges.put(column.descriptor().component(), new TimeRange(lo, hi));
                }
            }
            componentRanges.put(time.timeline(), ranges);
        }
    }

    int numRows() {
        return chunk.numRows();
    }

    boolean allTimelinesSorted() {
        return chunk.timeColumns().stream().allMatch(TimeColumn::isSorted);
    }
}
