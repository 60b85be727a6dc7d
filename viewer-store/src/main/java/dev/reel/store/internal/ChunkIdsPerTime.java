package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The chunks of one (entity, timeline, component), by the time their data for that component starts and ends
 * (Rerun's {@code ChunkIdSetPerTime}). The longest interval ever inserted bounds how far back a query looks.
 */
final class ChunkIdsPerTime {
    final TreeMap<Long, TreeSet<ChunkId>> perStart = new TreeMap<>();
    final TreeMap<Long, TreeSet<ChunkId>> perEnd = new TreeMap<>();
    long maxIntervalLength;

    void add(ChunkId id, long start, long end) {
        perStart.computeIfAbsent(start, k -> new TreeSet<>()).add(id);
        perEnd.computeIfAbsent(end, k -> new TreeSet<>()).add(id);
        // saturating: a chunk spanning the whole range of longs has the largest interval there is
        long length = end - start;
        maxIntervalLength = Math.max(maxIntervalLength, length < 0 ? Long.MAX_VALUE : length);
    }

    void remove(ChunkId id, long start, long end) {
        removeFrom(perStart, start, id);
        removeFrom(perEnd, end, id);
    }

    private static void removeFrom(TreeMap<Long, TreeSet<ChunkId>> map, long key, ChunkId id) {
        Set<ChunkId> ids = map.get(key);
        if (ids != null && ids.remove(id) && ids.isEmpty()) {
            map.remove(key);
        }
    }

    boolean isEmpty() {
        return perStart.isEmpty();
    }

    /** {@code time - maxIntervalLength} without overflowing below the smallest time. */
    long lookBackFrom(long time) {
        long lower = time - maxIntervalLength;
        return lower > time ? Long.MIN_VALUE : lower;
    }
}
