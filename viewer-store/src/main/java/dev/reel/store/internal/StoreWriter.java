package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.TimeColumn;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.InsertResult;
import dev.reel.store.TimeRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Inserts chunks into a store with Rerun's rules ({@code writes.rs}, rerun-data-platform.md D.3): empty chunks
 * and known ids are no-ops, rows are sorted by row id, static data shadows by row id, chunks over the thresholds
 * are split, and a temporal chunk is merged with the neighbour it elects. Runs under the store's write lock.
 */
final class StoreWriter {
    private final ChunkStoreConfig config;
    private final BufferAllocator allocator;
    private final StoreIndexes indexes;

    StoreWriter(ChunkStoreConfig config, BufferAllocator allocator, StoreIndexes indexes) {
        this.config = config;
        this.allocator = allocator;
        this.indexes = indexes;
    }

    /** Inserts a chunk, taking ownership of it. */
    InsertResult insert(Chunk chunk) {
        return insert(chunk, false);
    }

    private InsertResult insert(Chunk incoming, boolean fromSplit) {
        if (incoming.numRows() == 0) {
            incoming.close();
            return InsertResult.EMPTY;
        }
        if (incoming.components().isEmpty()) {
            incoming.close();
            return InsertResult.NO_COMPONENTS;
        }
        if (indexes.holds(incoming.id())) {
            incoming.close();
            return InsertResult.DUPLICATE;
        }
        ChunkId receivedId = incoming.id();
        // the store's allocator accounts for all memory the store holds
        Chunk chunk = ChunkOps.sortedByRowId(ChunkOps.ownedBy(incoming, allocator), allocator);
        if (!chunk.id().equals(receivedId)) {
            // Re-sorting gave the rows a new id; remember the one received so it stays a duplicate.
            indexes.recordMerge(chunk.id(), receivedId);
        }
        indexes.bump(chunk.entityPath());
        if (chunk.isStatic()) {
            return insertStatic(new StoredChunk(chunk, fromSplit));
        }
        if (!fromSplit && needsSplit(chunk)) {
            split(chunk);
            return InsertResult.SPLIT;
        }
        StoredChunk stored = new StoredChunk(chunk, fromSplit);
        StoredChunk partner = fromSplit ? null : electCompactionPartner(stored);
        if (partner == null) {
            indexes.addTemporal(stored);
            return InsertResult.ADDED;
        }
        indexes.removeTemporal(partner);
        StoredChunk first = partner.minRowId.compareTo(stored.minRowId) <= 0 ? partner : stored;
        StoredChunk second = first == partner ? stored : partner;
        Chunk merged = ChunkOps.concat(first.chunk, second.chunk, allocator);
        StoredChunk result = new StoredChunk(merged, first, second);
        indexes.addTemporal(result);
        indexes.recordMerge(result.chunk.id(), partner.chunk.id(), stored.chunk.id());
        return InsertResult.COMPACTED;
    }

    private boolean needsSplit(Chunk chunk) {
        if (chunk.numRows() <= 1) {
            return false;
        }
        boolean unsorted = chunk.timeColumns().stream().anyMatch(c -> !c.isSorted());
        return (config.maxBytes() > 0 && chunk.sizeBytes() > config.maxBytes())
                || (config.maxRows() > 0 && chunk.numRows() > config.maxRows())
                || (config.maxRowsIfUnsorted() > 0 && unsorted && chunk.numRows() > config.maxRowsIfUnsorted());
    }

    /** Cuts a too-big chunk into consecutive row slices (new ids) that are never merged again. */
    private void split(Chunk chunk) {
        boolean unsorted = chunk.timeColumns().stream().anyMatch(c -> !c.isSorted());
        int rowsPerPiece;
        if (config.maxRowsIfUnsorted() > 0 && unsorted && chunk.numRows() > config.maxRowsIfUnsorted()) {
            rowsPerPiece = config.maxRowsIfUnsorted();
        } else if (config.maxRows() > 0 && chunk.numRows() > config.maxRows()) {
            rowsPerPiece = config.maxRows();
        } else {
            rowsPerPiece = (int) Math.max(1, config.maxBytes() / Math.max(1, chunk.sizeBytes() / chunk.numRows()));
        }
        try (chunk) {
            for (int from = 0; from < chunk.numRows(); from += rowsPerPiece) {
                int length = Math.min(rowsPerPiece, chunk.numRows() - from);
                insert(ChunkOps.slice(chunk, from, length, allocator), true);
            }
        }
    }

    /**
     * Rerun's election: every neighbour (by start time, per timeline and component) scores the rows it has,
     * twice when it starts at the same time; the best-scoring chunk that the merge keeps under the thresholds
     * wins. Ties go to the smallest chunk id.
     */
    private StoredChunk electCompactionPartner(StoredChunk incoming) {
        if (config.isDisabled() || overLimits(incoming)) {
            return null;
        }
        Map<ChunkId, Long> points = new HashMap<>();
        Map<ChunkId, Long> weights = new HashMap<>();
        Map<Timeline, Map<String, ChunkIdsPerTime>> byTimeline = indexes.temporalOf(incoming.chunk.entityPath());
        for (Map.Entry<Timeline, Map<String, TimeRange>> timeline : incoming.componentRanges.entrySet()) {
            Map<String, ChunkIdsPerTime> byComponent = byTimeline.getOrDefault(timeline.getKey(), Map.of());
            for (Map.Entry<String, TimeRange> component : timeline.getValue().entrySet()) {
                ChunkIdsPerTime index = byComponent.get(component.getKey());
                if (index == null) {
                    continue;
                }
                TimeRange range = component.getValue();
                var before = index.perStart.lowerEntry(range.min());
                var after = index.perStart.higherEntry(range.max());
                var same = index.perStart.get(range.min());
                score(before == null ? null : before.getValue(), 1, incoming, points, weights);
                score(after == null ? null : after.getValue(), 1, incoming, points, weights);
                score(same, 2, incoming, points, weights);
            }
        }
        return points.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .max(Comparator.comparingLong((Map.Entry<ChunkId, Long> e) -> e.getValue())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(e -> indexes.chunk(e.getKey()))
                .orElse(null);
    }

    private boolean overLimits(StoredChunk chunk) {
        return chunk.sizeBytes > limit(config.maxBytes())
                || chunk.numRows() > rowLimit(chunk.allTimelinesSorted());
    }

    /**
     * True if the two chunks, concatenated in row-id order, are sorted on every timeline: both are, and the first
     * ends no later than the second starts. Otherwise the merge is held to the row limit of unsorted chunks.
     */
    private static boolean mergeStaysSorted(StoredChunk a, StoredChunk b) {
        if (!a.allTimelinesSorted() || !b.allTimelinesSorted()) {
            return false;
        }
        StoredChunk first = a.minRowId.compareTo(b.minRowId) <= 0 ? a : b;
        StoredChunk second = first == a ? b : a;
        for (TimeColumn time : first.chunk.timeColumns()) {
            TimeColumn next = second.chunk.timeColumn(time.timeline()).orElse(null);
            if (next == null || time.max() > next.min()) {
                return false;
            }
        }
        return true;
    }

    /** A threshold of 0 is no limit, as when splitting. */
    private static long limit(long threshold) {
        return threshold == 0 ? Long.MAX_VALUE : threshold;
    }

    private long rowLimit(boolean sorted) {
        return limit(sorted ? config.maxRows() : config.maxRowsIfUnsorted());
    }

    private void score(Set<ChunkId> ids, int factor, StoredChunk incoming, Map<ChunkId, Long> points,
            Map<ChunkId, Long> weights) {
        if (ids == null) {
            return;
        }
        for (ChunkId candidate : ids) {
            long weight = weights.computeIfAbsent(candidate, c -> weight(indexes.chunk(c), incoming));
            points.merge(candidate, factor * weight, Long::sum);
        }
    }

    private long weight(StoredChunk candidate, StoredChunk incoming) {
        if (candidate == null || candidate.fromSplit || !ChunkOps.concatenable(candidate.chunk, incoming.chunk)) {
            return 0;
        }
        long rowLimit = rowLimit(mergeStaysSorted(candidate, incoming));
        if (candidate.sizeBytes + incoming.sizeBytes > limit(config.maxBytes())
                || candidate.numRows() + incoming.numRows() > rowLimit) {
            return 0;
        }
        return candidate.numRows();
    }

    /**
     * Static data: per component, the chunk with the highest row id wins; a chunk no component points at any
     * more is removed.
     */
    private InsertResult insertStatic(StoredChunk incoming) {
        List<String> won = new ArrayList<>();
        for (Map.Entry<String, Tuid> component : incoming.staticRowIds.entrySet()) {
            StoredChunk existing = indexes.staticChunk(incoming.chunk.entityPath(), component.getKey());
            if (existing == null || component.getValue().compareTo(existing.staticRowIds.get(component.getKey())) > 0) {
                won.add(component.getKey());
            }
        }
        if (won.isEmpty()) {
            incoming.chunk.close();
            return InsertResult.SHADOWED;
        }
        indexes.addStatic(incoming, won);
        return InsertResult.ADDED;
    }
}
