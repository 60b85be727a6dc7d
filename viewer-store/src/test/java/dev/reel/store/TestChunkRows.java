package dev.reel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.ChunkId;
import dev.reel.api.Tuid;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.Chunk;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.Sorbet;
import dev.reel.api.log.TimeColumn;
import dev.reel.rrd.RrdReader;
import dev.reel.testing.Fixtures;
import dev.reel.testing.LeakCheckingAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
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

/** Copies of rows and columns keep every value, nested ones included, own their memory and flag their order. */
class TestChunkRows {
    private static final String POSITIONS = "Points3D:positions";
    private static final String PAIRS = "Test:pairs";

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.FILE1, Fixtures.BOXES_0_30, Fixtures.BLUEPRINT_0_30, Fixtures.TEXT_LOG_0_31})
    void reversingTwiceGivesTheSameChunkBack(String fixture) throws Exception {
        List<LogMsg> messages = RrdReader.readAll(Fixtures.rrd(fixture), arrow.allocator());
        try {
            for (LogMsg message : messages) {
                if (!(message instanceof ArrowMsg arrowMsg)) {
                    continue;
                }
                Chunk chunk = arrowMsg.chunk();
                int[] reversed = IntStream.range(0, chunk.numRows()).map(i -> chunk.numRows() - 1 - i).toArray();
                try (Chunk once = ChunkRows.of(chunk, reversed).copy(ChunkId.next(), arrow.allocator());
                        Chunk twice = ChunkRows.of(once, reversed).copy(chunk.id(), arrow.allocator())) {
                    for (int row = 0; row < chunk.numRows(); row++) {
                        assertSameRow(chunk, row, once, reversed[row]);
                        assertSameRow(chunk, row, twice, row);
                    }
                    assertThat(twice.id()).isEqualTo(chunk.id());
                    assertThat(twice.metadata().get(Sorbet.CHUNK_ID_KEY)).isEqualTo(chunk.id().toString());
                    assertFlagsTellTheOrder(once);
                    assertFlagsTellTheOrder(twice);
                }
            }
        } finally {
            messages.forEach(LogMsg::close);
        }
    }

    @Test
    void copiesListsOfFixedSizeListsAndOfStructsWithTheirNulls() {
        try (Chunk chunk = pointsAndPairs();
                Chunk copy = ChunkRows.of(chunk, 3, 1, 2, 0).copy(ChunkId.next(), arrow.allocator())) {
            int[] from = {3, 1, 2, 0};
            for (int row = 0; row < from.length; row++) {
                assertSameRow(chunk, from[row], copy, row);
            }
            assertThat(copy.component(POSITIONS).orElseThrow().vector().getObject(0))
                    .isEqualTo(List.of(List.of(7f, 8f, 9f)));
            assertThat(copy.component(POSITIONS).orElseThrow().isPresent(1)).isFalse();
            assertThat(copy.component(POSITIONS).orElseThrow().vector().getObject(2)).isEqualTo(List.of());
            assertThat(copy.component(PAIRS).orElseThrow().isPresent(0)).isFalse();
            assertThat(copy.component(PAIRS).orElseThrow().vector().getObject(3))
                    .isEqualTo(chunk.component(PAIRS).orElseThrow().vector().getObject(0));
            assertThat(copy.rowId(0)).isEqualTo(chunk.rowId(3));
            assertFlagsTellTheOrder(copy);
            assertThat(copy.timeColumn("frame").orElseThrow().isSorted()).isFalse();
        }
    }

    @Test
    void dropsColumnsAndGivesFreshRowIds() {
        try (Chunk chunk = pointsAndPairs();
                Chunk copy = ChunkRows.of(chunk, 2, 0).timelines(timeline -> false)
                        .components(POSITIONS::equals).withFreshRowIds().copy(ChunkId.next(), arrow.allocator())) {
            assertThat(copy.isStatic()).isTrue();
            assertThat(copy.components()).extracting(c -> c.descriptor().component()).containsExactly(POSITIONS);
            assertThat(copy.rowId(0)).isNotIn(chunk.rowId(0), chunk.rowId(1), chunk.rowId(2), chunk.rowId(3));
            assertThat(copy.rowId(1)).isGreaterThan(copy.rowId(0));
            assertThat(copy.component(POSITIONS).orElseThrow().vector().getObject(1))
                    .isEqualTo(List.of(List.of(1f, 2f, 3f), List.of(4f, 5f, 6f)));
            assertFlagsTellTheOrder(copy);
        }
    }

    @Test
    void refusesRowsTheChunkDoesNotHave() {
        try (Chunk chunk = pointsAndPairs()) {
            assertThatThrownBy(() -> ChunkRows.of(chunk, 4)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessage("row 4 of a chunk of 4 rows");
        }
    }

    private static void assertSameRow(Chunk expected, int expectedRow, Chunk actual, int actualRow) {
        assertThat(actual.rowId(actualRow)).isEqualTo(expected.rowId(expectedRow));
        List<FieldVector> expectedVectors = expected.recordBatch().getFieldVectors();
        List<FieldVector> actualVectors = actual.recordBatch().getFieldVectors();
        assertThat(actualVectors).hasSameSizeAs(expectedVectors);
        for (int column = 0; column < expectedVectors.size(); column++) {
            assertThat(actualVectors.get(column).getObject(actualRow))
                    .as("%s row %d", expectedVectors.get(column).getField().getName(), expectedRow)
                    .isEqualTo(expectedVectors.get(column).getObject(expectedRow));
        }
    }

    /** {@code rerun:is_sorted} is set exactly on the row-id and index columns whose values do not decrease. */
    private static void assertFlagsTellTheOrder(Chunk chunk) {
        boolean rowIdsSorted = IntStream.range(1, chunk.numRows())
                .allMatch(row -> chunk.rowId(row - 1).compareTo(chunk.rowId(row)) <= 0);
        assertThat(sortedFlag(chunk.recordBatch().getVector(0).getField())).isEqualTo(rowIdsSorted);
        for (TimeColumn time : chunk.timeColumns()) {
            assertThat(sortedFlag(time.vector().getField())).as(time.timeline().name()).isEqualTo(time.isSorted());
        }
    }

    private static boolean sortedFlag(Field field) {
        return "true".equals(field.getMetadata().get(Sorbet.IS_SORTED_KEY));
    }

    /**
     * Four rows on timeline {@code frame} (0 to 3) with Points3D-like positions
     * ({@code List<FixedSizeList(3)<Float32>>}: two points, null, no point, one point) and
     * {@code List<Struct<x: Float64, label: Utf8>>} pairs (two items, one item with a null x, no point, null).
     */
    private Chunk pointsAndPairs() {
        Field rowIds = new Field(Sorbet.ROW_ID_COLUMN, new FieldType(false, new ArrowType.FixedSizeBinary(16), null,
                Map.of(Sorbet.KIND_KEY, Sorbet.KIND_CONTROL, Sorbet.IS_SORTED_KEY, "true")), null);
        Field frame = new Field("frame", new FieldType(false, new ArrowType.Int(64, true), null,
                Map.of(Sorbet.KIND_KEY, Sorbet.KIND_INDEX, Sorbet.INDEX_NAME_KEY, "frame", Sorbet.IS_SORTED_KEY,
                        "true")), null);
        Field point = new Field("item", FieldType.nullable(new ArrowType.FixedSizeList(3)), List.of(
                new Field("item", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                        null)));
        Field positions = new Field(POSITIONS, new FieldType(true, ArrowType.List.INSTANCE, null,
                Map.of(Sorbet.KIND_KEY, Sorbet.KIND_DATA, Sorbet.COMPONENT_KEY, POSITIONS)), List.of(point));
        Field pair = new Field("item", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                new Field("x", FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null),
                new Field("label", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        Field pairs = new Field(PAIRS, new FieldType(true, ArrowType.List.INSTANCE, null,
                Map.of(Sorbet.KIND_KEY, Sorbet.KIND_DATA, Sorbet.COMPONENT_KEY, PAIRS)), List.of(pair));
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(rowIds, frame, positions, pairs),
                Map.of(Sorbet.CHUNK_ID_KEY, ChunkId.next().toString(), Sorbet.ENTITY_PATH_KEY, "/points")),
                arrow.allocator());
        root.allocateNew();
        FixedSizeBinaryVector ids = (FixedSizeBinaryVector) root.getVector(0);
        BigIntVector frames = (BigIntVector) root.getVector(1);
        for (int row = 0; row < 4; row++) {
            ids.setSafe(row, Tuid.next().toBytes());
            frames.setSafe(row, row);
        }
        ListVector pointLists = (ListVector) root.getVector(2);
        setPoints(pointLists, 0, new float[][] {{1, 2, 3}, {4, 5, 6}});
        setPoints(pointLists, 2, new float[][] {});
        setPoints(pointLists, 3, new float[][] {{7, 8, 9}});
        ListVector pairLists = (ListVector) root.getVector(3);
        StructVector struct = (StructVector) pairLists.getDataVector();
        Float8Vector x = (Float8Vector) struct.getChild("x");
        VarCharVector label = (VarCharVector) struct.getChild("label");
        int at = pairLists.startNewValue(0);
        for (int k = 0; k < 2; k++) {
            struct.setIndexDefined(at + k);
            x.setSafe(at + k, k + 0.5);
            label.setSafe(at + k, ("p" + k).getBytes(StandardCharsets.UTF_8));
        }
        pairLists.endValue(0, 2);
        at = pairLists.startNewValue(1);
        struct.setIndexDefined(at);
        x.setNull(at);
        label.setSafe(at, "alone".getBytes(StandardCharsets.UTF_8));
        pairLists.endValue(1, 1);
        pairLists.startNewValue(2);
        pairLists.endValue(2, 0);
        root.setRowCount(4);
        return Chunk.fromRecordBatch(root);
    }

    private static void setPoints(ListVector lists, int row, float[][] points) {
        FixedSizeListVector fixed = (FixedSizeListVector) lists.getDataVector();
        Float4Vector values = (Float4Vector) fixed.getDataVector();
        int at = lists.startNewValue(row);
        for (int k = 0; k < points.length; k++) {
            int start = fixed.startNewValue(at + k);
            for (int d = 0; d < 3; d++) {
                values.setSafe(start + d, points[k][d]);
            }
        }
        lists.endValue(row, points.length);
    }
}
