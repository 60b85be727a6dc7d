package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.Timeline;
import dev.reel.api.log.Chunk;
import dev.reel.store.StoreStats;
import dev.reel.store.TimeRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What one store holds (Rerun's {@code ChunkStore} in {@code store.rs}): the chunks by id, the static chunk per
 * entity and component, the temporal chunks per entity, timeline and component by time, every chunk by smallest
 * row id (the order of GC and of writing a store out), the ids merged into stored chunks, a generation per
 * entity and the totals. Every change goes through here so that they stay in step; the rules that decide the
 * changes live in {@link StoreWriter} and {@link StoreGc}. Takes no lock: {@link InMemoryChunkStore} does.
 */
final class StoreIndexes {
    private final Map<ChunkId, StoredChunk> chunks = new HashMap<>();
    private final Map<EntityPath, Map<String, ChunkId>> staticIndex = new HashMap<>();
    private final Map<EntityPath, Map<Timeline, Map<String, ChunkIdsPerTime>>> temporalIndex = new HashMap<>();
    private final TreeSet<StoredChunk> byMinRowId = new TreeSet<>(
            Comparator.comparing((StoredChunk c) -> c.minRowId).thenComparing(c -> c.chunk.id()));
    private final NavigableSet<StoredChunk> byMinRowIdView = Collections.unmodifiableNavigableSet(byMinRowId);
    /** Ids merged into a chunk that is still stored, so that receiving them again is a no-op. */
    private final Set<ChunkId> mergedIds = new HashSet<>();
    /** Per stored chunk made by merging: every id merged into it, so that they can be forgotten with it. */
    private final Map<ChunkId, Set<ChunkId>> mergedFrom = new HashMap<>();
    private final Map<EntityPath, Long> generations = new HashMap<>();
    private final StoreTotals totals = new StoreTotals();

    // ---------------------------------------------------------------------------------------------- lookups

    StoredChunk chunk(ChunkId id) {
        return chunks.get(id);
    }

    /** Whether a chunk with this id is stored, or was merged into one that is: receiving it again is a no-op. */
    boolean holds(ChunkId id) {
        return chunks.containsKey(id) || mergedIds.contains(id);
    }

    /** The chunk holding a component's static value, or null. */
    StoredChunk staticChunk(EntityPath entity, String component) {
        ChunkId chunkId = staticIndex.getOrDefault(entity, Map.of()).get(component);
        return chunkId == null ? null : chunks.get(chunkId);
    }

    /** The temporal chunks of one (entity, timeline, component) by time, or null. */
    ChunkIdsPerTime temporal(EntityPath entity, Timeline timeline, String component) {
        return temporalIndex.getOrDefault(entity, Map.of()).getOrDefault(timeline, Map.of()).get(component);
    }

    /** An entity's temporal chunks per timeline and component; read only. */
    Map<Timeline, Map<String, ChunkIdsPerTime>> temporalOf(EntityPath entity) {
        return temporalIndex.getOrDefault(entity, Map.of());
    }

    /** Hands over the temporal chunks of every (entity, timeline, component). */
    void forEachTemporal(Consumer<ChunkIdsPerTime> action) {
        for (var byTimeline : temporalIndex.values()) {
            for (var byComponent : byTimeline.values()) {
                byComponent.values().forEach(action);
            }
        }
    }

    /** Every chunk, static and temporal, by smallest row id; read only. */
    NavigableSet<StoredChunk> byMinRowId() {
        return byMinRowIdView;
    }

    Set<EntityPath> entities() {
        Set<EntityPath> entities = new TreeSet<>(staticIndex.keySet());
        entities.addAll(temporalIndex.keySet());
        return entities;
    }

    /** The components with data on an entity, static or temporal, by name. */
    List<String> components(EntityPath entity) {
        Set<String> names = new TreeSet<>(staticIndex.getOrDefault(entity, Map.of()).keySet());
        for (Map<String, ChunkIdsPerTime> byComponent : temporalIndex.getOrDefault(entity, Map.of()).values()) {
            names.addAll(byComponent.keySet());
        }
        return List.copyOf(names);
    }

    /** An entity's temporal chunks by smallest row id. */
    List<Chunk> chunksOfEntity(EntityPath entity) {
        List<Chunk> result = new ArrayList<>();
        for (StoredChunk stored : byMinRowId) {
            if (stored.chunk.entityPath().equals(entity) && !stored.chunk.isStatic()) {
                result.add(stored.chunk);
            }
        }
        return result;
    }

    /** The stored chunks in chunk-id order. */
    List<Chunk> chunksById() {
        return chunks.values().stream().map(c -> c.chunk).sorted(Comparator.comparing(Chunk::id)).toList();
    }

    Set<ChunkId> chunkIds() {
        return Set.copyOf(chunks.keySet());
    }

    int chunkCount() {
        return chunks.size();
    }

    /** Heap this store holds beside its Arrow memory: its chunks' objects and the merged ids it remembers. */
    long heapEstimate() {
        return chunks.size() * MemoryPolicy.HEAP_PER_CHUNK + mergedIds.size() * MemoryPolicy.HEAP_PER_MERGED_ID;
    }

    long sizeBytes() {
        return totals.bytes();
    }

    StoreStats stats() {
        return totals.snapshot();
    }

    /** Changes whenever an entity's data does, so that cached query results for it are not served again. */
    long generation(EntityPath entity) {
        return generations.getOrDefault(entity, 0L);
    }

    // ---------------------------------------------------------------------------------------------- changes

    void bump(EntityPath entity) {
        generations.merge(entity, 1L, Long::sum);
    }

    /** Adds a temporal chunk to every index. */
    void addTemporal(StoredChunk stored) {
        register(stored);
        Map<Timeline, Map<String, ChunkIdsPerTime>> byTimeline =
                temporalIndex.computeIfAbsent(stored.chunk.entityPath(), e -> new HashMap<>());
        // plain loops: forEach with capturing lambdas allocated on every insert whenever the JIT did not inline
        // them (StoreIngestBenchmark with -prof gc)
        for (Map.Entry<Timeline, Map<String, TimeRange>> timeline : stored.componentRanges.entrySet()) {
            Map<String, ChunkIdsPerTime> byComponent =
                    byTimeline.computeIfAbsent(timeline.getKey(), t -> new HashMap<>());
            for (Map.Entry<String, TimeRange> component : timeline.getValue().entrySet()) {
                TimeRange range = component.getValue();
                byComponent.computeIfAbsent(component.getKey(), c -> new ChunkIdsPerTime())
                        .add(stored.chunk.id(), range.min(), range.max());
            }
        }
    }

    /** Removes a temporal chunk from every index (without closing it). */
    void removeTemporal(StoredChunk stored) {
        unregister(stored);
        Map<Timeline, Map<String, ChunkIdsPerTime>> byTimeline = temporalIndex.get(stored.chunk.entityPath());
        for (Map.Entry<Timeline, Map<String, TimeRange>> timeline : stored.componentRanges.entrySet()) {
            Map<String, ChunkIdsPerTime> byComponent = byTimeline.get(timeline.getKey());
            for (Map.Entry<String, TimeRange> component : timeline.getValue().entrySet()) {
                TimeRange range = component.getValue();
                ChunkIdsPerTime index = byComponent.get(component.getKey());
                index.remove(stored.chunk.id(), range.min(), range.max());
                if (index.isEmpty()) {
                    byComponent.remove(component.getKey());
                }
            }
        }
    }

    /**
     * Makes a static chunk the value of {@code components}; a static chunk that no component points at any more
     * is removed and closed.
     */
    void addStatic(StoredChunk stored, List<String> components) {
        Map<String, ChunkId> current = staticIndex.computeIfAbsent(stored.chunk.entityPath(), e -> new HashMap<>());
        Set<ChunkId> replaced = new LinkedHashSet<>();
        for (String component : components) {
            ChunkId old = current.put(component, stored.chunk.id());
            if (old != null) {
                replaced.add(old);
            }
        }
        register(stored);
        for (ChunkId old : replaced) {
            if (!current.containsValue(old)) {
                StoredChunk dangling = chunks.get(old);
                unregister(dangling);
                dangling.chunk.close();
            }
        }
    }

    private void register(StoredChunk stored) {
        chunks.put(stored.chunk.id(), stored);
        byMinRowId.add(stored);
        totals.add(stored);
    }

    private void unregister(StoredChunk stored) {
        chunks.remove(stored.chunk.id());
        byMinRowId.remove(stored);
        totals.remove(stored);
    }

    /**
     * Remembers that {@code sources} (and whatever was merged into them) now live in {@code result}. Only ids that
     * came from outside are kept: an id the store made by merging is never received again. The largest set of
     * earlier ids is reused and the others are added to it, so a chunk grown by thousands of merges costs time
     * linear in its ids, not quadratic.
     */
    void recordMerge(ChunkId result, ChunkId... sources) {
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

    /** Forgets the ids merged into a chunk that is gone: receiving them again stores them again. */
    void forgetMergedInto(ChunkId gone) {
        Set<ChunkId> absorbed = mergedFrom.remove(gone);
        if (absorbed != null) {
            mergedIds.removeAll(absorbed);
        }
    }

    /** Closes every chunk and empties the indexes. */
    void close() {
        chunks.values().forEach(c -> c.chunk.close());
        chunks.clear();
        byMinRowId.clear();
        staticIndex.clear();
        temporalIndex.clear();
        totals.clear();
    }
}
