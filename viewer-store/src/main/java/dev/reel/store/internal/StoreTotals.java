package dev.reel.store.internal;

import dev.reel.api.EntityPath;
import dev.reel.api.Timeline;
import dev.reel.api.log.TimeColumn;
import dev.reel.store.StoreStats;
import dev.reel.store.TimeRange;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A store's totals kept up to date as chunks come and go, so that {@link StoreStats} costs nothing per chunk:
 * rows, bytes, chunks, the entities that have data, and per timeline the range its chunks cover (kept as counted
 * sets of chunk minima and maxima, so that the range shrinks exactly when chunks are collected).
 */
final class StoreTotals {
    private final Map<EntityPath, Integer> chunksPerEntity = new HashMap<>();
    private final Map<Timeline, TreeMap<Long, Integer>> minima = new HashMap<>();
    private final Map<Timeline, TreeMap<Long, Integer>> maxima = new HashMap<>();
    private int chunks;
    private int staticChunks;
    private long rows;
    private long bytes;

    void add(StoredChunk stored) {
        count(stored, 1);
    }

    void remove(StoredChunk stored) {
        count(stored, -1);
    }

    private void count(StoredChunk stored, int sign) {
        chunks += sign;
        rows += sign * (long) stored.numRows();
        bytes += sign * stored.sizeBytes;
        if (stored.chunk.isStatic()) {
            staticChunks += sign;
        }
        chunksPerEntity.merge(stored.chunk.entityPath(), sign, StoreTotals::sumOrNull);
        for (TimeColumn column : stored.chunk.timeColumns()) {
            if (column.size() > 0) {
                minima.computeIfAbsent(column.timeline(), t -> new TreeMap<>()).merge(column.min(), sign,
                        StoreTotals::sumOrNull);
                maxima.computeIfAbsent(column.timeline(), t -> new TreeMap<>()).merge(column.max(), sign,
                        StoreTotals::sumOrNull);
            }
        }
    }

    /** A count that drops to zero removes its key. */
    private static Integer sumOrNull(Integer a, Integer b) {
        int sum = a + b;
        return sum == 0 ? null : sum;
    }

    long rows() {
        return rows;
    }

    long bytes() {
        return bytes;
    }

    void clear() {
        chunksPerEntity.clear();
        minima.clear();
        maxima.clear();
        chunks = 0;
        staticChunks = 0;
        rows = 0;
        bytes = 0;
    }

    StoreStats snapshot() {
        Map<Timeline, TimeRange> timelines = new TreeMap<>();
        minima.forEach((timeline, mins) -> {
            if (!mins.isEmpty()) {
                timelines.put(timeline, new TimeRange(mins.firstKey(), maxima.get(timeline).lastKey()));
            }
        });
        return new StoreStats(chunks, staticChunks, rows, bytes, timelines, chunksPerEntity.keySet());
    }
}
