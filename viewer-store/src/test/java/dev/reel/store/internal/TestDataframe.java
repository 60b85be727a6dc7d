package dev.reel.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reel.api.EntityPath;
import dev.reel.api.StoreId;
import dev.reel.api.Timeline;
import dev.reel.api.Tuid;
import dev.reel.store.ChunkStoreConfig;
import dev.reel.store.DataframeQuery;
import dev.reel.testing.LeakCheckingAllocator;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dataframe queries (rerun-data-platform.md C.3): one row per distinct index value with data, the highest row
 * id at a time, static values in every row, fill-latest-at, column names {@code /entity:component}.
 */
class TestDataframe {
    private static final Timeline FRAME = Timeline.sequence("frame");

    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    private InMemoryChunkStore store;

    private static Tuid row(long n) {
        return new Tuid(2_000_000, n);
    }

    @BeforeEach
    void fill() {
        store = new InMemoryChunkStore(StoreId.recording("app", "rec"), ChunkStoreConfig.DEFAULT, arrow.allocator(),
                new QueryCache(1 << 20));
        store.insert(TestChunks.of("robot").row(row(1), 1, "Scalars:scalars").row(row(2), 3, "Scalars:scalars")
                .build(arrow.allocator()));
        store.insert(TestChunks.of("robot").row(row(3), 3, "Scalars:scalars").build(arrow.allocator()));
        store.insert(TestChunks.of("camera").row(row(4), 2, "Points3D:positions").row(row(5), 5, "Points3D:positions")
                .build(arrow.allocator()));
        store.insert(TestChunks.of("camera").staticRow(row(6), "Name:name").build(arrow.allocator()));
        store.insert(TestChunks.of("__properties").staticRow(row(7), "RecordingInfo:name").build(arrow.allocator()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static List<Object> column(VectorSchemaRoot frame, String name) {
        List<Object> values = new ArrayList<>();
        var vector = frame.getVector(name);
        for (int i = 0; i < frame.getRowCount(); i++) {
            Object value = vector.getObject(i);
            values.add(value instanceof List<?> list ? list.get(0) : value);
        }
        return values;
    }

    @Test
    void oneRowPerIndexValueWithTheLatestRowAtEachTime() {
        try (VectorSchemaRoot frame = store.dataframe(DataframeQuery.all(FRAME), arrow.allocator())) {
            assertThat(frame.getSchema().getFields()).extracting(f -> f.getName())
                    .containsExactly("frame", "/camera:Name:name", "/camera:Points3D:positions", "/robot:Scalars:scalars");
            assertThat(column(frame, "frame")).containsExactly(1L, 2L, 3L, 5L);
            assertThat(column(frame, "/robot:Scalars:scalars")).containsExactly(1.0, null, 3.0, null);
            assertThat(column(frame, "/camera:Points3D:positions")).containsExactly(null, 4.0, null, 5.0);
            assertThat(column(frame, "/camera:Name:name")).as("static data fills every row")
                    .containsExactly(6.0, 6.0, 6.0, 6.0);
            assertThat(frame.getVector("/camera:Name:name").getField().getMetadata())
                    .containsEntry("rerun:is_static", "true").containsEntry("rerun:entity_path", "/camera");
            assertThat(((BigIntVector) frame.getVector("frame")).getField().getMetadata())
                    .containsEntry("rerun:index_name", "frame");
        }
    }

    @Test
    void fillLatestAtAndRangeAndColumnSelection() {
        DataframeQuery query = DataframeQuery.all(FRAME).withRange(2, 5).withFillLatestAt(true).withColumns(List.of(
                new DataframeQuery.Column(EntityPath.parse("robot"), "Scalars:scalars"),
                new DataframeQuery.Column(EntityPath.parse("camera"), "Points3D:positions")));
        try (VectorSchemaRoot frame = store.dataframe(query, arrow.allocator())) {
            assertThat(column(frame, "frame")).containsExactly(2L, 3L, 5L);
            assertThat(column(frame, "/robot:Scalars:scalars")).as("filled from before the range")
                    .containsExactly(1.0, 3.0, 3.0);
            assertThat(column(frame, "/camera:Points3D:positions")).containsExactly(4.0, 4.0, 5.0);
        }
    }

    @Test
    void propertiesAreOnlyReturnedWhenAskedFor() {
        DataframeQuery query = DataframeQuery.all(FRAME).withColumns(List.of(
                new DataframeQuery.Column(EntityPath.PROPERTIES, "RecordingInfo:name"),
                new DataframeQuery.Column(EntityPath.parse("robot"), "Scalars:scalars")));
        try (VectorSchemaRoot frame = store.dataframe(query, arrow.allocator())) {
            assertThat(column(frame, "/__properties:RecordingInfo:name")).containsOnly(7.0);
        }
        try (VectorSchemaRoot frame = store.dataframe(DataframeQuery.all(FRAME), arrow.allocator())) {
            assertThat(frame.getSchema().getFields()).noneMatch(f -> f.getName().startsWith("/__properties"));
        }
    }

    @Test
    void anIndexWithoutDataGivesAnEmptyFrame() {
        try (VectorSchemaRoot frame = store.dataframe(DataframeQuery.all(Timeline.sequence("nothing")),
                arrow.allocator())) {
            assertThat(frame.getRowCount()).isZero();
            assertThat(((ListVector) frame.getVector("/camera:Name:name"))).isNotNull();
        }
    }
}
