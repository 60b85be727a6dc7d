package dev.reel.catalog.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.TimeType;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import dev.reel.catalog.internal.CatalogRecords.ChunkRecord;
import dev.reel.catalog.internal.CatalogRecords.LayerRecord;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import dev.reel.catalog.internal.CatalogRecords.SourceFile;
import dev.reel.catalog.internal.CatalogRecords.TimelineRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Builds the values the metadata store tests write: entries, layers, chunks. */
final class MetadataRecords {
    /** A time with nanoseconds, which a store must keep exactly. */
    static final Instant T0 = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);

    private MetadataRecords() {}

    static Entry dataset(String name) {
        return new Entry(EntryId.next(), EntryName.of(name), EntryKind.DATASET, Optional.empty(), T0, T0,
                Optional.empty());
    }

    static Entry blueprintsOf(Entry dataset) {
        return new Entry(EntryId.next(), EntryName.blueprintDatasetFor(dataset.id()), EntryKind.BLUEPRINT_DATASET,
                Optional.of(dataset.id()), T0, T0, Optional.empty());
    }

    static SegmentLayer id(String segment, String layer) {
        return new SegmentLayer(SegmentId.of(segment), new LayerName(layer));
    }

    static TimelineRange frames(long min, long max) {
        return new TimelineRange("frame", TimeType.SEQUENCE, min, max);
    }

    static TimelineRange logTime(long min, long max) {
        return new TimelineRange("log_time", TimeType.TIMESTAMP, min, max);
    }

    static ChunkRecord staticChunk(String entity, long offset) {
        return new ChunkRecord(ChunkId.next(), entity, true, offset, 100, 1, List.of());
    }

    static ChunkRecord temporalChunk(String entity, long offset, TimelineRange... timelines) {
        return new ChunkRecord(ChunkId.next(), entity, false, offset, 100, 10, Arrays.asList(timelines));
    }

    static SchemaColumn column(String entity, String component) {
        return new SchemaColumn(entity, component, "Float32",
                (entity + "|" + component).getBytes(StandardCharsets.UTF_8));
    }

    /** A layer of {@code chunks}, registered at {@code registeredAt}, with one column per entity it holds. */
    static LayerRecord layer(EntryId dataset, SegmentLayer id, Instant registeredAt, List<ChunkRecord> chunks) {
        List<SchemaColumn> columns = chunks.stream().map(ChunkRecord::entityPath).distinct().sorted()
                .map(entity -> column(entity, "Scalar")).toList();
        List<TimelineRange> timelines = new ArrayList<>();
        for (ChunkRecord chunk : chunks) {
            for (TimelineRange range : chunk.timelines()) {
                merge(timelines, range);
            }
        }
        timelines.sort(java.util.Comparator.comparing(TimelineRange::timeline));
        long size = chunks.stream().mapToLong(ChunkRecord::byteSize).sum();
        Path file = Path.of("/recordings/" + id.segment().value().replace('/', '_') + "." + id.layer() + ".rrd");
        return new LayerRecord(dataset, id, file.toUri().toString(),
                new SourceFile(file, size + 16, registeredAt.minusSeconds(60), "ab".repeat(32)), chunks.size(), size,
                new byte[32], registeredAt, registeredAt, timelines, columns, chunks);
    }

    static LayerRecord layer(EntryId dataset, SegmentLayer id, List<ChunkRecord> chunks) {
        return layer(dataset, id, T0, chunks);
    }

    private static void merge(List<TimelineRange> timelines, TimelineRange range) {
        for (int i = 0; i < timelines.size(); i++) {
            TimelineRange held = timelines.get(i);
            if (held.timeline().equals(range.timeline())) {
                timelines.set(i, new TimelineRange(held.timeline(), held.type(), Math.min(held.min(), range.min()),
                        Math.max(held.max(), range.max())));
                return;
            }
        }
        timelines.add(range);
    }
}
