package dev.reel.catalog.internal;

import static java.util.Objects.requireNonNull;

import dev.reel.api.ChunkId;
import dev.reel.api.EntryId;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.TimeType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The values the catalog keeps in its {@link MetadataStore}. */
final class CatalogRecords {
    private CatalogRecords() {}

    /** A (segment, layer) of a dataset: the unit of registration. */
    record SegmentLayer(SegmentId segment, LayerName layer) {
        SegmentLayer {
            requireNonNull(segment, "segment is null");
            requireNonNull(layer, "layer is null");
        }
    }

    /**
     * The file a layer was registered from, as it was when it was registered: a file that later differs in size,
     * modification time or content is reported, never served as if it were the same.
     *
     * @param sha256 the SHA-256 of the whole file, 64 lowercase hex digits
     */
    record SourceFile(Path path, long size, Instant modified, String sha256) {
        SourceFile {
            requireNonNull(path, "path is null");
            requireNonNull(modified, "modified is null");
            requireNonNull(sha256, "sha256 is null");
        }
    }

    /** The range of times something holds on one timeline (inclusive). */
    record TimelineRange(String timeline, TimeType type, long min, long max) {
        TimelineRange {
            requireNonNull(timeline, "timeline is null");
            requireNonNull(type, "type is null");
        }
    }

    /**
     * One chunk of a layer's file: where it lies (the {@code ArrowMsg} payload, as footer manifests count) and
     * what it holds, enough to select it for a query without reading it.
     *
     * @param byteOffset where the chunk's {@code ArrowMsg} payload starts in the file (not its stream)
     * @param byteSize the payload's length
     * @param timelines the chunk's time range per timeline; empty for a static chunk
     */
    record ChunkRecord(ChunkId id, String entityPath, boolean isStatic, long byteOffset, long byteSize, long numRows,
            List<TimelineRange> timelines) {
        ChunkRecord {
            requireNonNull(id, "id is null");
            requireNonNull(entityPath, "entityPath is null");
            timelines = List.copyOf(timelines);
        }
    }

    /**
     * One column of a layer's Sorbet schema, for the dataset's schema (the union of its layers') and for
     * finding conflicts (the same entity and component with another Arrow type).
     *
     * @param typeKey a canonical text of the Arrow type (with children), equal for equal types
     * @param field the column as an Arrow IPC schema message holding this one field, to rebuild the schema
     */
    record SchemaColumn(String entityPath, String component, String typeKey, byte[] field) {
        SchemaColumn {
            requireNonNull(entityPath, "entityPath is null");
            requireNonNull(component, "component is null");
            requireNonNull(typeKey, "typeKey is null");
            requireNonNull(field, "field is null");
        }
    }

    /**
     * A layer as registered.
     *
     * @param storageUrl where the layer's file is, as a {@code file://} URL
     * @param schemaSha256 SHA-256 of the layer's Sorbet schema (32 bytes), for the manifest
     * @param timelines the layer's range per timeline (the union of its chunks')
     * @param chunks every chunk; empty when read back without them ({@link MetadataStore#layers})
     */
    record LayerRecord(EntryId dataset, SegmentLayer id, String storageUrl, SourceFile file, long numChunks,
            long sizeBytes, byte[] schemaSha256, Instant registeredAt, Instant updatedAt,
            List<TimelineRange> timelines, List<SchemaColumn> columns, List<ChunkRecord> chunks) {
        LayerRecord {
            requireNonNull(dataset, "dataset is null");
            requireNonNull(id, "id is null");
            requireNonNull(storageUrl, "storageUrl is null");
            requireNonNull(file, "file is null");
            requireNonNull(schemaSha256, "schemaSha256 is null");
            requireNonNull(registeredAt, "registeredAt is null");
            requireNonNull(updatedAt, "updatedAt is null");
            timelines = List.copyOf(timelines);
            columns = List.copyOf(columns);
            chunks = List.copyOf(chunks);
        }
    }

    /**
     * Which chunks of a dataset a query wants (rerun-data-platform.md B.2), as a correctness-preserving superset:
     * the reader re-runs the query on what it gets.
     *
     * @param segments these segments; empty for all
     * @param entityPaths these entities; empty for all
     * @param latestAt chunks that may hold the latest value at a time: those with data at or before it
     * @param range chunks with data within an inclusive range; OR'ed with {@code latestAt}. With neither, every
     *     chunk (static and temporal) matches
     */
    record ChunkSelection(Set<SegmentId> segments, Set<String> entityPaths, boolean includeStatic,
            boolean includeTemporal, Optional<TimePoint> latestAt, Optional<TimelineSpan> range) {
        ChunkSelection {
            segments = Set.copyOf(segments);
            entityPaths = Set.copyOf(entityPaths);
            requireNonNull(latestAt, "latestAt is null");
            requireNonNull(range, "range is null");
        }

        static ChunkSelection all() {
            return new ChunkSelection(Set.of(), Set.of(), true, true, Optional.empty(), Optional.empty());
        }

        ChunkSelection withSegments(Set<SegmentId> ids) {
            return new ChunkSelection(ids, entityPaths, includeStatic, includeTemporal, latestAt, range);
        }
    }

    record TimePoint(String timeline, long at) {}

    record TimelineSpan(String timeline, long min, long max) {}

    /** A chunk a selection found, with the layer it belongs to. */
    record SelectedChunk(SegmentLayer layer, String storageUrl, SourceFile file, ChunkRecord chunk) {}

    /** The catalog's size: visible datasets (hidden blueprint datasets left out), their segments and layers, the
     * chunks indexed and their bytes. */
    record Totals(long datasets, long segments, long layers, long chunks, long bytes) {}
}
