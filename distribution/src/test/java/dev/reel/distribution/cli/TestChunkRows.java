package dev.reel.distribution.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.ChunkId;
import dev.reel.api.Tuid;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.Sorbet;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Copies of rows and columns keep every value, nested ones included, and own their memory. */
class TestChunkRows {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.FILE1, Fixtures.BOXES_0_30, Fixtures.BLUEPRINT_0_30, Fixtures.TEXT_LOG_0_31})
    void reversingTwiceGivesTheSameChunkBack(String fixture) throws Exception {
        List<LogMsg> messages = Cli.read(Fixtures.rrd(fixture), arrow.allocator());
        ChunkSimilarity similarity = new ChunkSimilarity(Set.of());
        try {
            for (Chunk chunk : Cli.chunks(messages)) {
                int[] reversed = IntStream.range(0, chunk.numRows()).map(i -> chunk.numRows() - 1 - i).toArray();
                try (Chunk once = ChunkRows.copy(chunk, reversed, f -> true, ChunkId.next(), false, arrow.allocator());
                        Chunk twice = ChunkRows.copy(once, reversed, f -> true, chunk.id(), false, arrow.allocator())) {
                    assertThat(similarity.difference(chunk, once)).isEmpty();
                    assertThat(similarity.difference(chunk, twice)).isEmpty();
                    for (int row = 0; row < chunk.numRows(); row++) {
                        assertThat(once.rowId(reversed[row])).isEqualTo(chunk.rowId(row));
                        assertThat(twice.rowId(row)).isEqualTo(chunk.rowId(row));
                    }
                    assertThat(twice.metadata().get(Sorbet.CHUNK_ID_KEY)).isEqualTo(chunk.id().toString());
                }
            }
        } finally {
            Cli.close(messages);
        }
    }

    @Test
    void copiesListsOfStructsWithNullsAndGivesFreshRowIds() {
        try (Chunk chunk = structChunk()) {
            try (Chunk copy = ChunkRows.copy(chunk, new int[] {2, 0}, f -> true, ChunkId.next(), true,
                    arrow.allocator())) {
                ListVector source = chunk.components().get(0).vector();
                ListVector target = copy.components().get(0).vector();
                assertThat(target.getObject(0)).isEqualTo(source.getObject(2));
                assertThat(target.getObject(1)).isEqualTo(source.getObject(0));
                assertThat(copy.rowId(0)).isNotEqualTo(chunk.rowId(2));
                assertThat(copy.rowId(1)).isGreaterThan(copy.rowId(0));
                assertThat(copy.isStatic()).isTrue();
            }
            try (Chunk nulls = ChunkRows.copy(chunk, new int[] {1}, f -> true, ChunkId.next(), false,
                    arrow.allocator())) {
                assertThat(nulls.components().get(0).isPresent(0)).isFalse();
            }
        }
    }

    /** A static chunk of 3 rows of {@code List<Struct<x: Float64, label: Utf8>>}: two items, null, one item. */
    private Chunk structChunk() {
        Field rowIds = new Field(Sorbet.ROW_ID_COLUMN, new FieldType(false, new ArrowType.FixedSizeBinary(16), null,
                Map.of(Sorbet.KIND_KEY, Sorbet.KIND_CONTROL)), null);
        Field item = new Field("item", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                new Field("x", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null),
                new Field("label", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        Field column = new Field("Test:pairs", new FieldType(true, ArrowType.List.INSTANCE, null,
                Map.of(Sorbet.KIND_KEY, Sorbet.KIND_DATA, Sorbet.COMPONENT_KEY, "Test:pairs")), List.of(item));
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(rowIds, column),
                Map.of(Sorbet.CHUNK_ID_KEY, ChunkId.next().toString(), Sorbet.ENTITY_PATH_KEY, "/pairs")),
                arrow.allocator());
        FixedSizeBinaryVector ids = (FixedSizeBinaryVector) root.getVector(0);
        ListVector list = (ListVector) root.getVector(1);
        StructVector struct = (StructVector) list.getDataVector();
        Float8Vector x = (Float8Vector) struct.getChild("x");
        VarCharVector label = (VarCharVector) struct.getChild("label");
        root.allocateNew();
        for (int row = 0; row < 3; row++) {
            ids.setSafe(row, Tuid.next().toBytes());
        }
        int at = list.startNewValue(0);
        for (int k = 0; k < 2; k++) {
            struct.setIndexDefined(at + k);
            x.setSafe(at + k, k + 0.5);
            label.setSafe(at + k, ("p" + k).getBytes(StandardCharsets.UTF_8));
        }
        list.endValue(0, 2);
        at = list.startNewValue(2);
        struct.setIndexDefined(at);
        x.setNull(at);
        label.setSafe(at, "alone".getBytes(StandardCharsets.UTF_8));
        list.endValue(2, 1);
        for (FieldVector vector : List.<FieldVector>of(ids, list)) {
            vector.setValueCount(3);
        }
        root.setRowCount(3);
        return Chunk.fromRecordBatch(root);
    }
}
