package dev.reel.api.spi;

import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import dev.reel.api.log.Chunk;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Keeps chunks of stores somewhere (memory, local files, an object store). Writes of a chunk id already held
 * are no-ops, as in Rerun's chunk store. Implementations are thread-safe.
 */
@ConsumerType
public interface ChunkStorage {
    /** Short name, e.g. {@code memory} or {@code files}. */
    String name();

    /**
     * Stores a copy of the chunk; the caller keeps ownership of {@code chunk}.
     *
     * @return false if a chunk with this id was already stored for the store (nothing changed)
     */
    boolean put(StoreId store, Chunk chunk) throws IOException;

    /** A copy of the chunk, allocated from {@code allocator} and owned by the caller. */
    Optional<Chunk> get(StoreId store, ChunkId id, BufferAllocator allocator) throws IOException;

    /** @return false if there was no such chunk */
    boolean remove(StoreId store, ChunkId id) throws IOException;

    /** The ids of the store's chunks, in chunk-id order (for ids made by Reel or Rerun: creation order). */
    List<ChunkId> chunkIds(StoreId store) throws IOException;

    Set<StoreId> stores() throws IOException;

    /** Bytes used by stored chunks. */
    long sizeBytes();
}
