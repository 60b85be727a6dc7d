package dev.reel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import dev.reel.api.log.Chunk;
import dev.reel.api.spi.ChunkStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rules every {@link ChunkStorage} follows; an implementation's test extends this class (as Vert.x's SPI
 * test suites are used), so a third-party storage runs the same tests as Reel's own.
 */
public abstract class ChunkStorageContract {
    private static final StoreId RECORDING = StoreId.recording("contract_app", "recording/with:odd chars");
    private static final StoreId OTHER = StoreId.blueprint("contract_app", "bp");

    @RegisterExtension
    protected final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    /** A fresh, empty storage for one test. */
    protected abstract ChunkStorage storage() throws Exception;

    @Test
    void storedChunksComeBackWithTheirContent() throws Exception {
        ChunkStorage storage = storage();
        try (Chunk chunk = chunk(ChunkId.next(), 3)) {
            assertThat(storage.put(RECORDING, chunk)).isTrue();
            Optional<Chunk> read = storage.get(RECORDING, chunk.id(), arrow.allocator());
            assertThat(read).isPresent();
            try (Chunk copy = read.get()) {
                assertThat(copy.contentEquals(chunk)).isTrue();
            }
        }
        assertThat(storage.sizeBytes()).isPositive();
    }

    @Test
    void aChunkIdAlreadyStoredIsANoOp() throws Exception {
        ChunkStorage storage = storage();
        ChunkId id = ChunkId.next();
        try (Chunk first = chunk(id, 2); Chunk second = chunk(id, 5)) {
            assertThat(storage.put(RECORDING, first)).isTrue();
            assertThat(storage.put(RECORDING, second)).isFalse();
            try (Chunk kept = storage.get(RECORDING, id, arrow.allocator()).orElseThrow()) {
                assertThat(kept.numRows()).isEqualTo(2);
            }
        }
    }

    @Test
    void storesAreKeptApartAndListed() throws Exception {
        ChunkStorage storage = storage();
        List<ChunkId> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (Chunk chunk = chunk(ChunkId.next(), 1)) {
                storage.put(RECORDING, chunk);
                ids.add(chunk.id());
            }
        }
        try (Chunk blueprint = chunk(ChunkId.next(), 1)) {
            storage.put(OTHER, blueprint);
        }
        assertThat(storage.chunkIds(RECORDING)).containsExactlyElementsOf(ids);
        assertThat(storage.stores()).containsExactlyInAnyOrder(RECORDING, OTHER);
        assertThat(storage.get(OTHER, ids.get(0), arrow.allocator())).isEmpty();
    }

    @Test
    void removedChunksAreGone() throws Exception {
        ChunkStorage storage = storage();
        ChunkId id = ChunkId.next();
        try (Chunk chunk = chunk(id, 1)) {
            storage.put(RECORDING, chunk);
        }
        long size = storage.sizeBytes();
        assertThat(storage.remove(RECORDING, id)).isTrue();
        assertThat(storage.remove(RECORDING, id)).isFalse();
        assertThat(storage.get(RECORDING, id, arrow.allocator())).isEmpty();
        assertThat(storage.chunkIds(RECORDING)).isEmpty();
        assertThat(storage.sizeBytes()).isLessThan(size);
    }

    /** A chunk of {@code /contract} with a frame timeline and a text component. */
    protected Chunk chunk(ChunkId id, int rows) {
        return SampleRecording.chunk(id, "/contract", 0L, rows, arrow.allocator());
    }
}
