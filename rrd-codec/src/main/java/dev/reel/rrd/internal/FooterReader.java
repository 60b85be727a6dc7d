package dev.reel.rrd.internal;

import static dev.reel.rrd.RrdFormatException.Kind.BAD_FOOTER;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.reel.api.ChunkId;
import dev.reel.api.StoreId;
import dev.reel.api.Tuid;
import dev.reel.rrd.RrdFormatException;
import dev.reel.rrd.RrdManifest;
import dev.reel.rrd.proto.common.DataframePart;
import dev.reel.rrd.proto.logmsg.RrdFooter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import dev.reel.api.TimeType;
import dev.reel.api.Timeline;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads the {@code RrdFooter} payload of an {@code End} message into manifests (rerun-rrd-format.md §6). */
public final class FooterReader {
    private FooterReader() {}

    public static List<RrdManifest> read(byte[] payload, String source, long offset, BufferAllocator allocator)
            throws RrdFormatException {
        RrdFooter footer;
        try {
            footer = RrdFooter.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new RrdFormatException(BAD_FOOTER, source, offset, "footer is not valid protobuf: " + e.getMessage(), e);
        }
        List<RrdManifest> manifests = new ArrayList<>();
        for (var manifest : footer.getManifestsList()) {
            StoreId storeId = manifest.hasStoreId() ? Protos.storeId(manifest.getStoreId(), null) : null;
            if (storeId == null) {
                throw new RrdFormatException(BAD_FOOTER, source, offset, "footer manifest has no complete store id");
            }
            Optional<Schema> schema = manifest.hasSorbetSchema() ? Optional.of(schema(
                    manifest.getSorbetSchema().getArrowSchema().toByteArray(), allocator, source, offset))
                    : Optional.empty();
            try (VectorSchemaRoot table = table(manifest.getData(), allocator, source, offset)) {
                manifests.add(new RrdManifest(storeId, entries(table, source, offset), table.getFieldVectors().size(),
                        schema, manifest.getSorbetSchemaSha256().toByteArray()));
            }
        }
        return manifests;
    }

    private static VectorSchemaRoot table(DataframePart part, BufferAllocator allocator, String source, long offset)
            throws RrdFormatException {
        return Dataframes.read(part, allocator, source, offset, BAD_FOOTER);
    }

    private static List<RrdManifest.Entry> entries(VectorSchemaRoot table, String source, long offset)
            throws RrdFormatException {
        VarCharVector paths = column(table, "chunk_entity_path", VarCharVector.class, source, offset);
        FixedSizeBinaryVector ids = column(table, "chunk_id", FixedSizeBinaryVector.class, source, offset);
        BitVector statics = column(table, "chunk_is_static", BitVector.class, source, offset);
        UInt8Vector offsets = column(table, "chunk_byte_offset", UInt8Vector.class, source, offset);
        UInt8Vector sizes = column(table, "chunk_byte_size", UInt8Vector.class, source, offset);
        FieldVector rows = table.getVector("chunk_num_rows");
        FieldVector uncompressed = table.getVector("chunk_byte_size_uncompressed");
        List<TimelineColumns> timelines = timelineColumns(table);
        List<RrdManifest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < table.getRowCount(); i++) {
            List<RrdManifest.TimeSpan> spans = new ArrayList<>();
            for (TimelineColumns timeline : timelines) {
                if (!timeline.start().isNull(i) && !timeline.end().isNull(i)) {
                    spans.add(new RrdManifest.TimeSpan(timeline.timeline(), int64(timeline.start(), i),
                            int64(timeline.end(), i)));
                }
            }
            entries.add(new RrdManifest.Entry(new ChunkId(Tuid.fromBytes(ids.get(i))),
                    new String(paths.get(i), java.nio.charset.StandardCharsets.UTF_8), statics.get(i) == 1,
                    optional(rows, i), offsets.get(i), sizes.get(i), optional(uncompressed, i), spans));
        }
        return entries;
    }

    /** Int64, Timestamp and Duration values alike: 8 bytes each. */
    private static long int64(BaseFixedWidthVector vector, int row) {
        return vector.getDataBuffer().getLong((long) row * Long.BYTES);
    }

    /** A timeline's {@code :start} and {@code :end} columns: 64-bit values whatever their Arrow type. */
    private record TimelineColumns(Timeline timeline, BaseFixedWidthVector start, BaseFixedWidthVector end) {}

    /**
     * The chunk-level timeline columns: {@code rerun:index} names the timeline, and unlike the per-component
     * columns they carry no {@code rerun:component}. The Arrow type says the timeline's type.
     */
    private static List<TimelineColumns> timelineColumns(VectorSchemaRoot table) {
        java.util.Map<String, FieldVector[]> byTimeline = new java.util.LinkedHashMap<>();
        for (FieldVector vector : table.getFieldVectors()) {
            java.util.Map<String, String> metadata = vector.getField().getMetadata();
            String timeline = metadata.get("rerun:index");
            String name = vector.getField().getName();
            if (timeline == null || timeline.equals("rerun:static") || metadata.containsKey("rerun:component")
                    || !(vector instanceof BaseFixedWidthVector fixed) || fixed.getTypeWidth() != Long.BYTES) {
                continue;
            }
            FieldVector[] pair = byTimeline.computeIfAbsent(timeline, t -> new FieldVector[2]);
            if (name.endsWith(":start")) {
                pair[0] = vector;
            } else if (name.endsWith(":end")) {
                pair[1] = vector;
            }
        }
        List<TimelineColumns> columns = new ArrayList<>();
        byTimeline.forEach((name, pair) -> {
            if (pair[0] != null && pair[1] != null) {
                columns.add(new TimelineColumns(new Timeline(name, typeOf(pair[0].getField())),
                        (BaseFixedWidthVector) pair[0], (BaseFixedWidthVector) pair[1]));
            }
        });
        return columns;
    }

    private static TimeType typeOf(Field field) {
        return switch (field.getType().getTypeID()) {
            case Timestamp -> TimeType.TIMESTAMP;
            case Duration -> TimeType.DURATION;
            default -> TimeType.SEQUENCE;
        };
    }

    private static OptionalLong optional(FieldVector vector, int row) {
        return vector instanceof UInt8Vector v && !v.isNull(row) ? OptionalLong.of(v.get(row)) : OptionalLong.empty();
    }

    private static <T> T column(VectorSchemaRoot table, String name, Class<T> type, String source, long offset)
            throws RrdFormatException {
        FieldVector vector = table.getVector(name);
        if (!type.isInstance(vector)) {
            throw new RrdFormatException(BAD_FOOTER, source, offset, "manifest column " + name + " is "
                    + (vector == null ? "missing" : vector.getField().getType()));
        }
        return type.cast(vector);
    }

    private static Schema schema(byte[] ipc, BufferAllocator allocator, String source, long offset)
            throws RrdFormatException {
        try {
            return ArrowIpc.readSchema(ipc, allocator);
        } catch (ArrowIpc.IpcException e) {
            throw new RrdFormatException(BAD_FOOTER, source, offset, "manifest Sorbet schema: " + e.getMessage(), e);
        }
    }
}
