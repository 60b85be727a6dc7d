package dev.reel.store;

import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.api.log.Chunk;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The chunks of one store (a recording or a blueprint) with Rerun's semantics (rerun-data-platform.md D.3):
 * static data shadows temporal data of the same component and the highest row id wins among static writes;
 * latest-at takes the greatest time at or before the query time, ties going to the greatest row id; range
 * returns every value within inclusive bounds. Thread-safe: queries run in parallel, inserts exclusively.
 */
@ProviderType
public interface ChunkStore {
    StoreId id();

    /** Inserts a chunk, taking ownership of it (it may be merged, split, shadowed or closed). */
    InsertResult insert(Chunk chunk);

    /** The latest value of a component on a timeline at a time; static data wins over temporal data. */
    Optional<ComponentCell> latestAt(EntityPath entity, String component, Timeline timeline, long time);

    /** The static value of a component, if there is one. */
    Optional<ComponentCell> latestAtStatic(EntityPath entity, String component);

    /**
     * Every value of a component with a time in {@code [min, max]}, chunk by chunk in the order Rerun returns
     * them (by chunk start time, then chunk id; rows by time, then row id). If the component has static data,
     * only the static value (Rerun's shadowing).
     */
    List<ComponentCell> range(EntityPath entity, String component, Timeline timeline, long min, long max);

    /**
     * A dataframe: one row per distinct value of the index timeline at which a selected column has data,
     * columns named {@code /entity:Archetype:field}; the caller owns the result.
     */
    VectorSchemaRoot dataframe(DataframeQuery query, BufferAllocator allocator);

    /** The components with data on an entity, static or temporal. */
    List<String> components(EntityPath entity);

    StoreStats stats();

    /**
     * Hands every chunk to {@code consumer} in the order Rerun writes a store out (by smallest row id), while
     * holding the store's read lock. The chunks stay the store's: the consumer must not close them, nor use them
     * once the store has changed (an insert, a collection, a drop of the store): a tool that owns a store it no
     * longer changes may keep them while it works.
     */
    void forEachChunk(Consumer<Chunk> consumer);
}
