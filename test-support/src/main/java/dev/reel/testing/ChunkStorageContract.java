package dev.reel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.Sorbet;
import dev.reel.api.spi.ChunkStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
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
        BufferAllocator allocator = arrow.allocator();
        List<FieldVector> vectors = new ArrayList<>();
        FixedSizeBinaryVector rowIds = new FixedSizeBinaryVector(new Field(Sorbet.ROW_ID_COLUMN, new FieldType(false,
                new ArrowType.FixedSizeBinary(16), null, Map.of(Sorbet.KIND_KEY, Sorbet.KIND_CONTROL)), null), allocator);
        BigIntVector frames = new BigIntVector(new Field("frame", new FieldType(true, new ArrowType.Int(64, true), null,
                Map.of(Sorbet.KIND_KEY, Sorbet.KIND_INDEX, Sorbet.INDEX_NAME_KEY, "frame")), null), allocator);
        ListVector texts = (ListVector) new Field("TextLog:text", new FieldType(true, ArrowType.List.INSTANCE, null,
                Map.of(Sorbet.KIND_KEY, Sorbet.KIND_DATA, Sorbet.COMPONENT_KEY, "TextLog:text")),
                List.of(new Field("item", FieldType.nullable(ArrowType.Utf8.INSTANCE), null))).createVector(allocator);
        rowIds.allocateNew(rows);
        frames.allocateNew(rows);
        texts.allocateNew();
        VarCharVector items = (VarCharVector) texts.getDataVector();
        for (int row = 0; row < rows; row++) {
            rowIds.set(row, Tuid.next().toBytes());
            frames.set(row, row);
            texts.startNewValue(row);
            items.setSafe(row, ("line " + row).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            texts.endValue(row, 1);
        }
        rowIds.setValueCount(rows);
        frames.setValueCount(rows);
        texts.setValueCount(rows);
        vectors.add(rowIds);
        vectors.add(frames);
        vectors.add(texts);
        return Chunk.fromRecordBatch(new VectorSchemaRoot(new Schema(vectors.stream().map(FieldVector::getField)
                .toList(), Map.of(Sorbet.CHUNK_ID_KEY, id.toString(), Sorbet.ENTITY_PATH_KEY, "/contract",
                Sorbet.VERSION_KEY, Sorbet.VERSION)), vectors, rows));
    }
}
