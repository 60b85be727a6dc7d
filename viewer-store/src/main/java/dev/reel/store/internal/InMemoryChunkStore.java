package dev.reel.store.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.store.ChunkStore;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.ComponentCell;
import dev.reel.store.DataframeQuery;
import dev.reel.store.InsertResult;
import dev.reel.store.StoreStats;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rerun's chunk store in memory (rerun-data-platform.md D.3, facts from {@code re_chunk_store}): static and
 * temporal indexes per entity and component, compaction on insert, latest-at and range with Rerun's
 * tie-breaking, and garbage collection of whole chunks, oldest row ids first. This class makes the store
 * thread-safe (queries in parallel, changes exclusively) and caches latest-at results; the work is done by
 * {@link StoreWriter}, {@link StoreQueries} and {@link StoreGc} over one {@link StoreIndexes}.
 */
final class InMemoryChunkStore implements ChunkStore {
    private final StoreId id;
    private final QueryCache cache;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final StoreIndexes indexes = new StoreIndexes();
    private final StoreWriter writer;
    private final StoreQueries queries = new StoreQueries(indexes);
    private final StoreGc gc = new StoreGc(indexes);

    InMemoryChunkStore(StoreId id, ChunkStoreConfig config, BufferAllocator allocator, QueryCache cache) {
        this.id = id;
        this.cache = cache;
        this.writer = new StoreWriter(config, allocator, indexes);
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
            return writer.insert(chunk);
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- GC

    /** A chunk GC may drop: temporal, not the latest of any (entity, timeline, component). */
    record GcCandidate(InMemoryChunkStore store, ChunkId chunkId, Tuid minRowId, long sizeBytes) {}

    /** Temporal chunks in row-id order, without the newest chunk of each (entity, timeline, component). */
    List<GcCandidate> gcCandidates() {
        lock.readLock().lock();
        try {
            return gc.candidates(this);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Drops the given temporal chunks; returns the bytes freed. */
    long drop(Collection<ChunkId> ids) {
        lock.writeLock().lock();
        try {
            return gc.drop(ids);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Releases every chunk. */
    void close() {
        lock.writeLock().lock();
        try {
            indexes.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- queries

    @Override
    public Optional<ComponentCell> latestAt(EntityPath entity, String component, Timeline timeline, long time) {
        lock.readLock().lock();
        try {
            QueryCache.Key key = new QueryCache.Key(id, entity, indexes.generation(entity), component, timeline, time);
            return cache.latestAt(key, () -> queries.latestAt(entity, component, timeline, time));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<ComponentCell> latestAtStatic(EntityPath entity, String component) {
        lock.readLock().lock();
        try {
            return queries.staticCell(entity, component);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ComponentCell> range(EntityPath entity, String component, Timeline timeline, long min, long max) {
        lock.readLock().lock();
        try {
            return queries.range(entity, component, timeline, min, max);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> components(EntityPath entity) {
        lock.readLock().lock();
        try {
            return indexes.components(entity);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public VectorSchemaRoot dataframe(DataframeQuery query, BufferAllocator target) {
        lock.readLock().lock();
        try {
            return new DataframeBuilder(query, indexes).build(target);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------- stats

    @Override
    public StoreStats stats() {
        lock.readLock().lock();
        try {
            return indexes.stats();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Heap this store holds beside its Arrow memory: its chunks' objects and the merged ids it remembers. */
    long heapEstimate() {
        lock.readLock().lock();
        try {
            return indexes.heapEstimate();
        } finally {
            lock.readLock().unlock();
        }
    }

    int chunkCount() {
        lock.readLock().lock();
        try {
            return indexes.chunkCount();
        } finally {
            lock.readLock().unlock();
        }
    }

    long sizeBytes() {
        lock.readLock().lock();
        try {
            return indexes.sizeBytes();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void forEachChunk(Consumer<Chunk> consumer) {
        lock.readLock().lock();
        try {
            for (StoredChunk stored : indexes.byMinRowId()) {
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
            return indexes.chunksById();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** For tests and stats: the ids of stored chunks. */
    Set<ChunkId> chunkIds() {
        lock.readLock().lock();
        try {
            return indexes.chunkIds();
        } finally {
            lock.readLock().unlock();
        }
    }
}
