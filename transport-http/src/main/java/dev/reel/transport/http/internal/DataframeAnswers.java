package dev.reel.transport.http.internal;

import dev.reel.api.SegmentId;
import dev.reel.api.Timeline;
import dev.reel.api.log.Sorbet;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.ChunkQuery;
import dev.reel.catalog.Entry;
import dev.reel.store.DataframeQuery;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A query with {@code "dataframe": true}: the rows of each selected segment (every layer pooled) by the viewer
 * store's dataframe engine (C.3), each row led by its {@code rerun_segment_id}, as Rerun's dataset dataframes
 * are. The index is a timeline of the dataset, a {@code range} on it limits the rows.
 */
final class DataframeAnswers {
    private final BufferAllocator allocator;

    @Inject
    DataframeAnswers(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    TabularAnswer answer(RoutingContext context, Catalog catalog, Entry dataset, DatasetRequests.Query query) {
        DatasetRequests.Dataframe frame = query.dataframe().orElseThrow();
        ChunkQuery chunks = query.chunks();
        if (!chunks.entityPaths().isEmpty() || chunks.latestAt().isPresent()) {
            throw new IllegalArgumentException("a dataframe query selects with \"columns\" and \"range\", not "
                    + "\"entities\" or \"latest_at\"");
        }
        Timeline index = index(catalog.datasetSchema(dataset.id()), frame.index());
        DataframeQuery dataframe = DataframeQuery.all(index)
                .withColumns(frame.columns().stream()
                        .map(c -> new DataframeQuery.Column(c.entity(), c.component())).toList())
                .withFillLatestAt(frame.fillLatestAt());
        if (chunks.range().isPresent()) {
            ChunkQuery.Range range = chunks.range().get();
            if (!range.timeline().equals(index.name())) {
                throw new IllegalArgumentException("the range is on '" + range.timeline() + "' but the index is '"
                        + index.name() + "'");
            }
            dataframe = dataframe.withRange(range.min(), range.max());
        }
        List<VectorSchemaRoot> parts = new ArrayList<>();
        try {
            for (SegmentId segment : segments(catalog, dataset, chunks.segments())) {
                parts.add(withSegmentColumn(segment, catalog.dataframe(dataset.id(), segment, dataframe, allocator)));
            }
            Schema schema = parts.isEmpty() ? new Schema(List.of(segmentField())) : parts.get(0).getSchema();
            return TabularAnswer.of(context, schema, parts, allocator);
        } finally {
            parts.forEach(VectorSchemaRoot::close);
        }
    }

    /** The dataset's timeline of that name, typed as its index column is. */
    private static Timeline index(Schema schema, String name) {
        List<String> known = new ArrayList<>();
        for (Field field : schema.getFields()) {
            if (!Sorbet.KIND_INDEX.equals(field.getMetadata().get(Sorbet.KIND_KEY))) {
                continue;
            }
            known.add(field.getName());
            if (field.getName().equals(name)) {
                return switch (field.getType().getTypeID()) {
                    case Timestamp -> Timeline.timestamp(name);
                    case Duration -> Timeline.duration(name);
                    default -> Timeline.sequence(name);
                };
            }
        }
        throw new IllegalArgumentException("the dataset has no timeline '" + name + "'; it has " + known);
    }

    private List<SegmentId> segments(Catalog catalog, Entry dataset, Set<SegmentId> selected) {
        if (!selected.isEmpty()) {
            return List.copyOf(selected);
        }
        List<SegmentId> all = new ArrayList<>();
        try (VectorSchemaRoot table = catalog.segmentTable(dataset.id(), allocator)) {
            VarCharVector ids = (VarCharVector) table.getVector("rerun_segment_id");
            for (int row = 0; row < table.getRowCount(); row++) {
                all.add(new SegmentId(new String(ids.get(row), StandardCharsets.UTF_8)));
            }
        }
        return all;
    }

    private static Field segmentField() {
        return new Field("rerun_segment_id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null);
    }

    /** The frame with a first column naming its segment; the result owns the frame's vectors. */
    private VectorSchemaRoot withSegmentColumn(SegmentId segment, VectorSchemaRoot frame) {
        VarCharVector ids = (VarCharVector) segmentField().createVector(allocator);
        byte[] id = segment.value().getBytes(StandardCharsets.UTF_8);
        int rows = frame.getRowCount();
        ids.allocateNew((long) id.length * rows, rows);
        for (int row = 0; row < rows; row++) {
            ids.setSafe(row, id);
        }
        ids.setValueCount(rows);
        List<FieldVector> vectors = new ArrayList<>();
        vectors.add(ids);
        vectors.addAll(frame.getFieldVectors());
        List<Field> fields = vectors.stream().map(FieldVector::getField).toList();
        return new VectorSchemaRoot(new Schema(fields, frame.getSchema().getCustomMetadata()), vectors, rows);
    }
}
