package dev.reel.catalog.internal;

import dev.reel.api.EntryId;
import dev.reel.api.SegmentId;
import dev.reel.api.TimeType;
import dev.reel.catalog.internal.CatalogRecords.LayerRecord;
import dev.reel.catalog.internal.CatalogRecords.SelectedChunk;
import dev.reel.catalog.internal.CatalogRecords.TimelineRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The catalog's tabular answers with Rerun's exact column names and types: the segment table (A.5), the dataset
 * manifest (A.6) and a query's chunk descriptors (B.2), plus one Reel column, {@code reel_storage_status}, that
 * says per layer whether its file is still the one registered ({@code ok}, {@code changed}, {@code missing}).
 */
final class CatalogTables {
    private static final String LAYER_TYPE = "rrd";
    private static final String STATUS_DONE = "done";

    private CatalogTables() {}

    /** One segment: its layers in registration order. */
    private record SegmentRow(SegmentId segment, List<LayerRecord> layers, Map<String, TimelineRange> timelines) {
        long lastUpdated() {
            return layers.stream().mapToLong(l -> nanos(l.updatedAt())).max().orElse(0);
        }
    }

    static VectorSchemaRoot segmentTable(List<LayerRecord> layers, BufferAllocator allocator) {
        Map<SegmentId, List<LayerRecord>> bySegment = new TreeMap<>();
        for (LayerRecord layer : layers) {
            bySegment.computeIfAbsent(layer.id().segment(), s -> new ArrayList<>()).add(layer);
        }
        List<SegmentRow> rows = new ArrayList<>();
        Map<String, TimeType> timelines = new TreeMap<>();
        bySegment.forEach((segment, segmentLayers) -> {
            // Rerun lists layers by (registration time, layer name)
            segmentLayers.sort(Comparator.comparing(LayerRecord::registeredAt)
                    .thenComparing(l -> l.id().layer().value()));
            Map<String, TimelineRange> union = new LinkedHashMap<>();
            for (LayerRecord layer : segmentLayers) {
                for (TimelineRange range : layer.timelines()) {
                    timelines.putIfAbsent(range.timeline(), range.type());
                    union.merge(range.timeline(), range, (a, b) -> new TimelineRange(a.timeline(), a.type(),
                            Math.min(a.min(), b.min()), Math.max(a.max(), b.max())));
                }
            }
            rows.add(new SegmentRow(segment, segmentLayers, union));
        });
        ArrowColumns<SegmentRow> columns = new ArrowColumns<SegmentRow>()
                .utf8("rerun_segment_id", false, row -> row.segment().value())
                .utf8List("rerun_layer_names", row -> row.layers().stream().map(l -> l.id().layer().value()).toList())
                .utf8List("rerun_storage_urls", row -> row.layers().stream().map(LayerRecord::storageUrl).toList())
                .timestamp("rerun_last_updated_at", false, SegmentRow::lastUpdated)
                .uint64("rerun_num_chunks", false, row -> row.layers().stream().mapToLong(LayerRecord::numChunks).sum())
                .uint64("rerun_size_bytes", false, row -> row.layers().stream().mapToLong(LayerRecord::sizeBytes).sum());
        timelines.forEach((timeline, type) -> {
            columns.time(timeline + ":start", type, indexMetadata(timeline, type, "start"),
                    row -> row.timelines().containsKey(timeline) ? row.timelines().get(timeline).min() : null);
            columns.time(timeline + ":end", type, indexMetadata(timeline, type, "end"),
                    row -> row.timelines().containsKey(timeline) ? row.timelines().get(timeline).max() : null);
        });
        columns.utf8List("reel_storage_status", row -> row.layers().stream()
                .map(l -> SegmentReader.status(l.file())).toList());
        return columns.build(rows, allocator);
    }

    static VectorSchemaRoot manifest(List<LayerRecord> layers, BufferAllocator allocator) {
        List<LayerRecord> rows = new ArrayList<>(layers);
        rows.sort(Comparator.comparing((LayerRecord l) -> l.id().segment()).thenComparing(LayerRecord::registeredAt)
                .thenComparing(l -> l.id().layer()));
        return new ArrowColumns<LayerRecord>()
                .utf8("rerun_layer_name", false, l -> l.id().layer().value())
                .utf8("rerun_segment_id", false, l -> l.id().segment().value())
                .utf8("rerun_storage_url", false, LayerRecord::storageUrl)
                .utf8("rerun_layer_type", false, l -> LAYER_TYPE)
                .timestamp("rerun_registration_time", false, l -> nanos(l.registeredAt()))
                .timestamp("rerun_last_updated_at", false, l -> nanos(l.updatedAt()))
                .uint64("rerun_num_chunks", true, LayerRecord::numChunks)
                .uint64("rerun_size_bytes", true, LayerRecord::sizeBytes)
                .fixedBinary("rerun_schema_sha256", 32, true, Map.of(), LayerRecord::schemaSha256)
                .utf8("rerun_registration_status", false, l -> STATUS_DONE)
                .utf8("reel_storage_status", false, l -> SegmentReader.status(l.file()))
                .build(rows, allocator);
    }

    /** A query's answer: one row per chunk, with a {@code chunk_key} that {@code fetch} takes back. */
    static VectorSchemaRoot chunkDescriptors(EntryId dataset, List<SelectedChunk> chunks,
            BufferAllocator allocator) {
        Map<String, TimeType> timelines = new TreeMap<>();
        chunks.forEach(c -> c.chunk().timelines().forEach(t -> timelines.putIfAbsent(t.timeline(), t.type())));
        ArrowColumns<SelectedChunk> columns = new ArrowColumns<SelectedChunk>()
                .fixedBinary("chunk_id", 16, false, Map.of("rerun:kind", "control"), c -> c.chunk().id().tuid().toBytes())
                .utf8("chunk_segment_id", false, c -> c.layer().segment().value())
                .utf8("rerun_segment_layer", false, c -> c.layer().layer().value())
                .binary("chunk_key", c -> ChunkKeys.encode(dataset, c.layer(), c.chunk().id(), c.chunk().isStatic(),
                        c.chunk().byteOffset(), c.chunk().byteSize(), c.file().sha256()))
                .utf8("chunk_entity_path", false, c -> c.chunk().entityPath())
                .bool("chunk_is_static", c -> c.chunk().isStatic())
                .uint64("chunk_byte_len", false, c -> c.chunk().byteSize());
        timelines.forEach((timeline, type) -> {
            columns.time(timeline + ":start", type, indexMetadata(timeline, type, "start"),
                    c -> rangeOf(c, timeline) == null ? null : rangeOf(c, timeline).min());
            columns.time(timeline + ":end", type, indexMetadata(timeline, type, "end"),
                    c -> rangeOf(c, timeline) == null ? null : rangeOf(c, timeline).max());
        });
        return columns.build(chunks, allocator);
    }

    private static TimelineRange rangeOf(SelectedChunk chunk, String timeline) {
        for (TimelineRange range : chunk.chunk().timelines()) {
            if (range.timeline().equals(timeline)) {
                return range;
            }
        }
        return null;
    }

    /** The field metadata of a timeline's start/end column (A.5). */
    private static Map<String, String> indexMetadata(String timeline, TimeType type, String marker) {
        return Map.of("rerun:index", timeline, "rerun:index_kind", type.displayName(),
                "rerun:index_marker", marker, "rerun:kind", "index");
    }

    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
