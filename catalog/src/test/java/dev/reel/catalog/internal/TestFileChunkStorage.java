package dev.reel.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import dev.reel.api.log.Chunk;
import dev.reel.api.spi.ChunkStorage;
import dev.reel.testing.ChunkStorageContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunk-storage contract for files on disk, plus what only files have: surviving a restart. */
class TestFileChunkStorage extends ChunkStorageContract {
    @TempDir
    Path root;

    @Override
    protected ChunkStorage storage() throws Exception {
        return new FileChunkStorage(root);
    }

    @Test
    void chunksSurviveANewInstanceOverTheSameFolder() throws Exception {
        StoreId store = StoreId.recording("restart", "r");
        ChunkId id = ChunkId.next();
        try (Chunk chunk = chunk(id, 4)) {
            new FileChunkStorage(root).put(store, chunk);
        }
        FileChunkStorage reopened = new FileChunkStorage(root);
        assertThat(reopened.stores()).containsExactly(store);
        assertThat(reopened.sizeBytes()).isPositive();
        try (Chunk read = reopened.get(store, id, arrow.allocator()).orElseThrow()) {
            assertThat(read.numRows()).isEqualTo(4);
        }
        try (var files = Files.walk(root)) {
            assertThat(files.filter(f -> f.getFileName().toString().contains(".writing-"))).isEmpty();
        }
    }

    @Test
    void idsBecomeSafeFileNames() {
        assertThat(FileChunkStorage.encode("app/../x y")).isEqualTo("app%2F%2E%2E%2Fx%20y");
    }
}
