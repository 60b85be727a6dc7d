package dev.reel.store.internal;

import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.TimeColumn;
import dev.reel.store.TimeRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk as the store holds it (always sorted by row id, never empty), with what its indexes need precomputed: its smallest row id (GC order), and
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
        // the store keeps every chunk sorted by row id
        this.minRowId = chunk.rowId(0);
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

    /**
     * The temporal chunk {@code merged} made of {@code a} and {@code b}: each component's time range is the
     * union of theirs, so no row is read again.
     */
    StoredChunk(Chunk merged, StoredChunk a, StoredChunk b) {
        this.chunk = merged;
        this.fromSplit = false;
        this.minRowId = merged.rowId(0);
        this.sizeBytes = merged.sizeBytes();
        for (StoredChunk part : List.of(a, b)) {
            part.componentRanges.forEach((timeline, ranges) -> {
                Map<String, TimeRange> union = componentRanges.computeIfAbsent(timeline, t -> new HashMap<>());
                ranges.forEach((component, range) -> union.merge(component, range, TimeRange::union));
            });
        }
    }

    int numRows() {
        return chunk.numRows();
    }

    boolean allTimelinesSorted() {
        return chunk.timeColumns().stream().allMatch(TimeColumn::isSorted);
    }
}
