package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.TimeInt;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.TimeColumn;
import dev.reel.store.ComponentCell;
import dev.reel.store.TimeRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Latest-at and range over a store's indexes ({@code query.rs}, rerun-data-platform.md D.3): the static value
 * wins when there is one; otherwise the chunks the time index points at are scanned row by row, the greatest
 * time winning and ties going to the greatest row id. Runs under the store's read lock; caches nothing.
 */
final class StoreQueries {
    private final StoreIndexes indexes;

    StoreQueries(StoreIndexes indexes) {
        this.indexes = indexes;
    }

    Optional<ComponentCell> latestAt(EntityPath entity, String component, Timeline timeline, long time) {
        Optional<ComponentCell> staticCell = staticCell(entity, component);
        if (staticCell.isPresent()) {
            return staticCell;
        }
        ChunkIdsPerTime index = indexes.temporal(entity, timeline, component);
        if (index == null) {
            return Optional.empty();
        }
        Map.Entry<Long, TreeSet<ChunkId>> entry = index.perStart.floorEntry(time);
        if (entry == null) {
            return Optional.empty();
        }
        // backwards from the last chunk starting at or before the time (entry by entry: no sub-map views)
        long lookBack = index.lookBackFrom(entry.getKey());
        Hit best = null;
        for (; entry != null && entry.getKey() >= lookBack; entry = index.perStart.lowerEntry(entry.getKey())) {
            for (ChunkId chunkId : entry.getValue()) {
                Hit hit = latestInChunk(indexes.chunk(chunkId).chunk, component, timeline, time);
                if (hit != null && (best == null || hit.isAfter(best))) {
                    best = hit;
                }
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.toCell());
    }

    /** A component's static value, if it has one. */
    Optional<ComponentCell> staticCell(EntityPath entity, String component) {
        StoredChunk stored = indexes.staticChunk(entity, component);
        if (stored == null) {
            return Optional.empty();
        }
        Chunk chunk = stored.chunk;
        ComponentColumn column = chunk.component(component).orElseThrow();
        int row = latestStaticRow(chunk, column);
        return row < 0 ? Optional.empty() : Optional.of(new Hit(chunk, column, row, TimeInt.STATIC).toCell());
    }

    /** In a static chunk, the row of a component's value: the non-null one with the highest row id, or -1. */
    static int latestStaticRow(Chunk chunk, ComponentColumn column) {
        int best = -1;
        for (int row = 0; row < chunk.numRows(); row++) {
            if (column.isPresent(row) && (best < 0 || chunk.rowId(row).compareTo(chunk.rowId(best)) > 0)) {
                best = row;
            }
        }
        return best;
    }

    /** A candidate row for a query: ordered by (time, row id); the row id is read only to break a tie. */
    private static final class Hit {
        final Chunk chunk;
        final ComponentColumn column;
        final int row;
        final long time;

        Hit(Chunk chunk, ComponentColumn column, int row, long time) {
            this.chunk = chunk;
            this.column = column;
            this.row = row;
            this.time = time;
        }

        boolean isAfter(Hit other) {
            return time != other.time ? time > other.time : rowId().compareTo(other.rowId()) > 0;
        }

        Tuid rowId() {
            return chunk.rowId(row);
        }

        ComponentCell toCell() {
            return new ComponentCell(time, rowId(), chunk.id(), (List<?>) column.vector().getObject(row));
        }
    }

    /** The latest non-null row at or before {@code time} in one chunk, or null. */
    private static Hit latestInChunk(Chunk chunk, String component, Timeline timeline, long time) {
        Optional<ComponentColumn> column = chunk.component(component);
        Optional<TimeColumn> times = chunk.timeColumn(timeline);
        if (column.isEmpty() || times.isEmpty()) {
            return null;
        }
        TimeColumn t = times.get();
        ComponentColumn c = column.get();
        Hit best = null;
        if (t.isSorted()) {
            int lo = 0;
            int hi = t.size() - 1;
            int last = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (t.get(mid) <= time) {
                    last = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            // rows at the same time are in row-id order: the last non-null one at the greatest time wins
            for (int row = last; row >= 0; row--) {
                if (c.isPresent(row)) {
                    return new Hit(chunk, c, row, t.get(row));
                }
            }
            return null;
        }
        for (int row = 0; row < t.size(); row++) {
            if (c.isPresent(row) && t.get(row) <= time) {
                Hit hit = new Hit(chunk, c, row, t.get(row));
                if (best == null || hit.isAfter(best)) {
                    best = hit;
                }
            }
        }
        return best;
    }

    List<ComponentCell> range(EntityPath entity, String component, Timeline timeline, long min, long max) {
        Optional<ComponentCell> staticCell = staticCell(entity, component);
        if (staticCell.isPresent()) {
            return List.of(staticCell.get());
        }
        ChunkIdsPerTime index = indexes.temporal(entity, timeline, component);
        if (index == null) {
            return List.of();
        }
        Long startKey = index.perStart.floorKey(index.lookBackFrom(min));
        long start = startKey == null ? Long.MIN_VALUE : startKey;
        Long end = index.perStart.floorKey(max);
        if (end == null || start > end) {
            return List.of();
        }
        List<ComponentCell> cells = new ArrayList<>();
        for (TreeSet<ChunkId> ids : index.perStart.subMap(start, true, end, true).values()) {
            for (ChunkId chunkId : ids) {
                StoredChunk stored = indexes.chunk(chunkId);
                TimeRange range = stored.componentRanges.get(timeline).get(component);
                if (range != null && range.intersects(min, max)) {
                    rangeInChunk(stored.chunk, component, timeline, min, max, cells);
                }
            }
        }
        return cells;
    }

    private static void rangeInChunk(Chunk chunk, String component, Timeline timeline, long min, long max,
            List<ComponentCell> out) {
        ComponentColumn column = chunk.component(component).orElseThrow();
        TimeColumn times = chunk.timeColumn(timeline).orElseThrow();
        List<Hit> hits = new ArrayList<>();
        for (int row = 0; row < chunk.numRows(); row++) {
            long t = times.get(row);
            if (column.isPresent(row) && t >= min && t <= max) {
                hits.add(new Hit(chunk, column, row, t));
            }
        }
        if (!times.isSorted()) {
            hits.sort((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : a.rowId().compareTo(b.rowId()));
        }
        hits.forEach(hit -> out.add(hit.toCell()));
    }
}
