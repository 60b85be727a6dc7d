package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.TimeInt;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.ComponentColumn;
import dev.reel.api.log.TimeColumn;
import dev.reel.store.ChunkStore;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.ComponentCell;
import dev.reel.store.DataframeQuery;
import dev.reel.store.InsertResult;
import dev.reel.store.StoreStats;
import dev.reel.store.TimeRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rerun's chunk store in memory (rerun-data-platform.md D.3, facts from {@code re_chunk_store}): static and
 * temporal indexes per entity and component, compaction on insert, latest-at and range with Rerun's
 * tie-breaking, and garbage collection of whole chunks, oldest row ids first.
 */
final class InMemoryChunkStore implements ChunkStore {
    private final StoreId id;
    private final ChunkStoreConfig config;
    private final BufferAllocator allocator;
    private final QueryCache cache;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private final Map<ChunkId, StoredChunk> chunks = new HashMap<>();
    private final Map<EntityPath, Map<String, ChunkId>> staticIndex = new HashMap<>();
    private final Map<EntityPath, Map<Timeline, Map<String, ChunkIdsPerTime>>> temporalIndex = new HashMap<>();
    private final TreeSet<StoredChunk> byMinRowId = new TreeSet<>(
            Comparator.comparing((StoredChunk c) -> c.minRowId).thenComparing(c -> c.chunk.id()));
    /** Ids merged into a chunk that is still stored, so that receiving them again is a no-op. */
    private final Set<ChunkId> mergedIds = new HashSet<>();
    /** Per stored chunk made by merging: every id merged into it, so that they can be forgotten with it. */
    private final Map<ChunkId, Set<ChunkId>> mergedFrom = new HashMap<>();
    private final Map<EntityPath, Long> generations = new HashMap<>();
    private final StoreTotals totals = new StoreTotals();

    InMemoryChunkStore(StoreId id, ChunkStoreConfig config, BufferAllocator allocator, QueryCache cache) {
        this.id = id;
        this.config = config;
        this.allocator = allocator;
        this.cache = cache;
    }

    @Override
    public StoreId id() {
        return id;
    }

    // ---------------------------------------------------------------------------------------------- writes

    @Override
    public InsertResult insert(Chunk chunk) {
        lock.writeLock().lock();
        try {
            return insertLocked(chunk, false);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private InsertResult insertLocked(Chunk incoming, boolean fromSplit) {
        if (incoming.numRows() == 0) {
            incoming.close();
            return InsertResult.EMPTY;
        }
        if (incoming.components().isEmpty()) {
            incoming.close();
            return InsertResult.NO_COMPONENTS;
        }
        if (chunks.containsKey(incoming.id()) || mergedIds.contains(incoming.id())) {
            incoming.close();
            return InsertResult.DUPLICATE;
        }
        ChunkId receivedId = incoming.id();
        // the store's allocator accounts for all memory the store holds
        Chunk chunk = ChunkOps.sortedByRowId(ChunkOps.ownedBy(incoming, allocator), allocator);
        if (!chunk.id().equals(receivedId)) {
            // Re-sorting gave the rows a new id; remember the one received so it stays a duplicate.
            recordMerge(chunk.id(), receivedId);
        }
        bump(chunk.entityPath());
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
            add(stored);
            return InsertResult.ADDED;
        }
        remove(partner);
        StoredChunk first = partner.minRowId.compareTo(stored.minRowId) <= 0 ? partner : stored;
        StoredChunk second = first == partner ? stored : partner;
        Chunk merged = ChunkOps.concat(first.chunk, second.chunk, allocator);
        StoredChunk result = new StoredChunk(merged, first, second);
        add(result);
        recordMerge(result.chunk.id(), partner.chunk.id(), stored.chunk.id());
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
                insertLocked(ChunkOps.slice(chunk, from, length, allocator), true);
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
        Map<Timeline, Map<String, ChunkIdsPerTime>> byTimeline = temporalIndex.getOrDefault(
                incoming.chunk.entityPath(), Map.of());
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
                .map(e -> chunks.get(e.getKey()))
                .orElse(null);
    }

    private boolean overLimits(StoredChunk chunk) {
        long rowLimit = chunk.allTimelinesSorted() ? config.maxRows() : config.maxRowsIfUnsorted();
        return chunk.sizeBytes > config.maxBytes() || chunk.numRows() > rowLimit;
    }

    private void score(Set<ChunkId> ids, int factor, StoredChunk incoming, Map<ChunkId, Long> points,
            Map<ChunkId, Long> weights) {
        if (ids == null) {
            return;
        }
        for (ChunkId candidate : ids) {
            long weight = weights.computeIfAbsent(candidate, c -> weight(chunks.get(c), incoming));
            points.merge(candidate, factor * weight, Long::sum);
        }
    }

    private long weight(StoredChunk candidate, StoredChunk incoming) {
        if (candidate == null || candidate.fromSplit || !ChunkOps.concatenable(candidate.chunk, incoming.chunk)) {
            return 0;
        }
        long rowLimit = candidate.allTimelinesSorted() ? config.maxRows() : config.maxRowsIfUnsorted();
        if (candidate.sizeBytes + incoming.sizeBytes > config.maxBytes()
                || candidate.numRows() + incoming.numRows() > rowLimit) {
            return 0;
        }
        return candidate.numRows();
    }

    /**
     * Remembers that {@code sources} (and whatever was merged into them) now live in {@code result}. Only ids that
     * came from outside are kept: an id the store made by merging is never received again. The largest set of
     * earlier ids is reused and the others are added to it, so a chunk grown by thousands of merges costs time
     * linear in its ids, not quadratic.
     */
    private void recordMerge(ChunkId result, ChunkId... sources) {
        Set<ChunkId> absorbed = new HashSet<>();
        for (ChunkId source : sources) {
            Set<ChunkId> earlier = mergedFrom.remove(source);
            if (earlier == null) {
                absorbed.add(source);
                mergedIds.add(source);
            } else if (earlier.size() > absorbed.size()) {
                earlier.addAll(absorbed);
                absorbed = earlier;
            } else {
                absorbed.addAll(earlier);
            }
        }
        mergedFrom.put(result, absorbed);
    }


    /**
     * Static data: per component, the chunk with the highest row id wins; a chunk no component points at any
     * more is removed.
     */
    private InsertResult insertStatic(StoredChunk incoming) {
        EntityPath entity = incoming.chunk.entityPath();
        Map<String, ChunkId> current = staticIndex.computeIfAbsent(entity, e -> new HashMap<>());
        Set<ChunkId> replaced = new LinkedHashSet<>();
        boolean used = false;
        for (Map.Entry<String, Tuid> component : incoming.staticRowIds.entrySet()) {
            ChunkId existingId = current.get(component.getKey());
            StoredChunk existing = existingId == null ? null : chunks.get(existingId);
            if (existing == null || component.getValue().compareTo(existing.staticRowIds.get(component.getKey())) > 0) {
                current.put(component.getKey(), incoming.chunk.id());
                used = true;
                if (existing != null) {
                    replaced.add(existingId);
                }
            }
        }
        if (!used) {
            incoming.chunk.close();
            return InsertResult.SHADOWED;
        }
        chunks.put(incoming.chunk.id(), incoming);
        byMinRowId.add(incoming);
        totals.add(incoming);
        for (ChunkId old : replaced) {
            if (!current.containsValue(old)) {
                StoredChunk dangling = chunks.remove(old);
                byMinRowId.remove(dangling);
                totals.remove(dangling);
                dangling.chunk.close();
            }
        }
        return InsertResult.ADDED;
    }

    private void add(StoredChunk stored) {
        chunks.put(stored.chunk.id(), stored);
        byMinRowId.add(stored);
        totals.add(stored);
        Map<Timeline, Map<String, ChunkIdsPerTime>> byTimeline =
                temporalIndex.computeIfAbsent(stored.chunk.entityPath(), e -> new HashMap<>());
        stored.componentRanges.forEach((timeline, components) -> {
            Map<String, ChunkIdsPerTime> byComponent = byTimeline.computeIfAbsent(timeline, t -> new HashMap<>());
            components.forEach((component, range) -> byComponent.computeIfAbsent(component, c -> new ChunkIdsPerTime())
                    .add(stored.chunk.id(), range.min(), range.max()));
        });
    }

    /** Removes a temporal chunk from every index (without closing it). */
    private void remove(StoredChunk stored) {
        chunks.remove(stored.chunk.id());
        byMinRowId.remove(stored);
        totals.remove(stored);
        Map<Timeline, Map<String, ChunkIdsPerTime>> byTimeline = temporalIndex.get(stored.chunk.entityPath());
        stored.componentRanges.forEach((timeline, components) -> components.forEach((component, range) -> {
            Map<String, ChunkIdsPerTime> byComponent = byTimeline.get(timeline);
            ChunkIdsPerTime index = byComponent.get(component);
            index.remove(stored.chunk.id(), range.min(), range.max());
            if (index.isEmpty()) {
                byComponent.remove(component);
            }
        }));
    }

    private void bump(EntityPath entity) {
        generations.merge(entity, 1L, Long::sum);
    }

    // ---------------------------------------------------------------------------------------------- GC

    /** A chunk GC may drop: temporal, not the latest of any (entity, timeline, component). */
    record GcCandidate(InMemoryChunkStore store, ChunkId chunkId, Tuid minRowId, long sizeBytes) {}

    /** Temporal chunks in row-id order, without the newest chunk of each (entity, timeline, component). */
    List<GcCandidate> gcCandidates() {
        lock.readLock().lock();
        try {
            Set<ChunkId> protectedIds = new HashSet<>();
            for (var byTimeline : temporalIndex.values()) {
                for (var byComponent : byTimeline.values()) {
                    for (ChunkIdsPerTime index : byComponent.values()) {
                        if (!index.isEmpty()) {
                            protectedIds.add(index.perStart.lastEntry().getValue().first());
                            protectedIds.add(index.perEnd.lastEntry().getValue().first());
                        }
                    }
                }
            }
            List<GcCandidate> candidates = new ArrayList<>();
            for (StoredChunk stored : byMinRowId) {
                if (!stored.chunk.isStatic() && !protectedIds.contains(stored.chunk.id())) {
                    candidates.add(new GcCandidate(this, stored.chunk.id(), stored.minRowId, stored.sizeBytes));
                }
            }
            return candidates;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Drops the given temporal chunks; returns the bytes freed. */
    long drop(Collection<ChunkId> ids) {
        lock.writeLock().lock();
        try {
            long freed = 0;
            for (ChunkId chunkId : ids) {
                StoredChunk stored = chunks.get(chunkId);
                if (stored == null || stored.chunk.isStatic()) {
                    continue;
                }
                remove(stored);
                Set<ChunkId> absorbed = mergedFrom.remove(chunkId);
                if (absorbed != null) {
                    mergedIds.removeAll(absorbed);
                }
                bump(stored.chunk.entityPath());
                freed += stored.sizeBytes;
                stored.chunk.close();
            }
            return freed;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Releases every chunk. */
    void close() {
        lock.writeLock().lock();
        try {
            chunks.values().forEach(c -> c.chunk.close());
            chunks.clear();
            byMinRowId.clear();
            staticIndex.clear();
            temporalIndex.clear();
            totals.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- queries

    @Override
    public Optional<ComponentCell> latestAt(EntityPath entity, String component, Timeline timeline, long time) {
        lock.readLock().lock();
        try {
            QueryCache.Key key = new QueryCache.Key(id, entity, generations.getOrDefault(entity, 0L), component,
                    timeline, time);
            return cache.latestAt(key, () -> latestAtLocked(entity, component, timeline, time));
        } finally {
            lock.readLock().unlock();
        }
    }

    private Optional<ComponentCell> latestAtLocked(EntityPath entity, String component, Timeline timeline,
            long time) {
        Optional<ComponentCell> staticCell = staticCell(entity, component);
        if (staticCell.isPresent()) {
            return staticCell;
        }
        ChunkIdsPerTime index = index(entity, timeline, component);
        if (index == null) {
            return Optional.empty();
        }
        Long upper = index.perStart.floorKey(time);
        if (upper == null) {
            return Optional.empty();
        }
        Hit best = null;
        for (TreeSet<ChunkId> ids : index.perStart.subMap(index.lookBackFrom(upper), true, time, true).values()) {
            for (ChunkId chunkId : ids) {
                Hit hit = latestInChunk(chunks.get(chunkId).chunk, component, timeline, time);
                if (hit != null && (best == null || hit.isAfter(best))) {
                    best = hit;
                }
            }
        }
        return Optional.ofNullable(best).map(Hit::toCell);
    }

    @Override
    public Optional<ComponentCell> latestAtStatic(EntityPath entity, String component) {
        lock.readLock().lock();
        try {
            return staticCell(entity, component);
        } finally {
            lock.readLock().unlock();
        }
    }

    private Optional<ComponentCell> staticCell(EntityPath entity, String component) {
        ChunkId chunkId = staticIndex.getOrDefault(entity, Map.of()).get(component);
        if (chunkId == null) {
            return Optional.empty();
        }
        Chunk chunk = chunks.get(chunkId).chunk;
        ComponentColumn column = chunk.component(component).orElseThrow();
        Hit best = null;
        for (int row = 0; row < chunk.numRows(); row++) {
            if (column.isPresent(row)) {
                Hit hit = new Hit(chunk, column, row, TimeInt.STATIC);
                if (best == null || hit.isAfter(best)) {
                    best = hit;
                }
            }
        }
        return Optional.ofNullable(best).map(Hit::toCell);
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

    @Override
    public List<ComponentCell> range(EntityPath entity, String component, Timeline timeline, long min, long max) {
        lock.readLock().lock();
        try {
            Optional<ComponentCell> staticCell = staticCell(entity, component);
            if (staticCell.isPresent()) {
                return List.of(staticCell.get());
            }
            ChunkIdsPerTime index = index(entity, timeline, component);
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
                    StoredChunk stored = chunks.get(chunkId);
                    TimeRange range = stored.componentRanges.get(timeline).get(component);
                    if (range != null && range.intersects(min, max)) {
                        rangeInChunk(stored.chunk, component, timeline, min, max, cells);
                    }
                }
            }
            return cells;
        } finally {
            lock.readLock().unlock();
        }
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

    private ChunkIdsPerTime index(EntityPath entity, Timeline timeline, String component) {
        return temporalIndex.getOrDefault(entity, Map.of()).getOrDefault(timeline, Map.of()).get(component);
    }

    @Override
    public List<String> components(EntityPath entity) {
        lock.readLock().lock();
        try {
            Set<String> names = new TreeSet<>(staticIndex.getOrDefault(entity, Map.of()).keySet());
            temporalIndex.getOrDefault(entity, Map.of()).values().forEach(byComponent -> names.addAll(byComponent.keySet()));
            return List.copyOf(names);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public VectorSchemaRoot dataframe(DataframeQuery query, BufferAllocator target) {
        lock.readLock().lock();
        try {
            return new DataframeBuilder(query, this).build(target);
        } finally {
            lock.readLock().unlock();
        }
    }

    List<Chunk> chunksOfEntity(EntityPath entity) {
        List<Chunk> result = new ArrayList<>();
        for (StoredChunk stored : byMinRowId) {
            if (stored.chunk.entityPath().equals(entity) && !stored.chunk.isStatic()) {
                result.add(stored.chunk);
            }
        }
        return result;
    }

    /** The static chunk and row holding a component's static value, or null. */
    DataframeBuilder.Located staticCellChunk(EntityPath entity, String component) {
        ChunkId chunkId = staticIndex.getOrDefault(entity, Map.of()).get(component);
        if (chunkId == null) {
            return null;
        }
        Chunk chunk = chunks.get(chunkId).chunk;
        ComponentColumn column = chunk.component(component).orElseThrow();
        int best = -1;
        for (int row = 0; row < chunk.numRows(); row++) {
            if (column.isPresent(row) && (best < 0 || chunk.rowId(row).compareTo(chunk.rowId(best)) > 0)) {
                best = row;
            }
        }
        return best < 0 ? null : new DataframeBuilder.Located(chunk, column, best);
    }

    Set<EntityPath> entities() {
        Set<EntityPath> entities = new TreeSet<>(staticIndex.keySet());
        entities.addAll(temporalIndex.keySet());
        return entities;
    }

    @Override
    public StoreStats stats() {
        lock.readLock().lock();
        try {
            return totals.snapshot();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Heap this store holds beside its Arrow memory: its chunks' objects and the merged ids it remembers. */
    long heapEstimate() {
        lock.readLock().lock();
        try {
            return chunks.size() * ViewerStoreHub.HEAP_PER_CHUNK
                    + mergedIds.size() * ViewerStoreHub.HEAP_PER_MERGED_ID;
        } finally {
            lock.readLock().unlock();
        }
    }

    int chunkCount() {
        lock.readLock().lock();
        try {
            return chunks.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    long sizeBytes() {
        lock.readLock().lock();
        try {
            return totals.bytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void forEachChunk(Consumer<Chunk> consumer) {
        lock.readLock().lock();
        try {
            for (StoredChunk stored : byMinRowId) {
                consumer.accept(stored.chunk);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The stored chunks in chunk-id order, lent while nothing else changes this store. */
    List<Chunk> chunksById() {
        lock.readLock().lock();
        try {
            return chunks.values().stream().map(c -> c.chunk).sorted(Comparator.comparing(Chunk::id)).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** For tests and stats: the ids of stored chunks. */
    Set<ChunkId> chunkIds() {
        lock.readLock().lock();
        try {
            return Set.copyOf(chunks.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }
}
