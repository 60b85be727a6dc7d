package dev.reel.transport.http.internal;

import com.google.protobuf.Any;
import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.Tuid;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import dev.reel.catalog.Registration;
import dev.reel.rrd.DataframeParts;
import dev.reel.rrd.proto.cloud.SystemTable;
import dev.reel.rrd.proto.cloud.SystemTableKind;
import dev.reel.rrd.proto.cloud.TableEntry;
import dev.reel.rrd.proto.common.DataframePart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The tables the Data Platform API answers with, in the columns Rerun 0.33's clients read: the {@code __entries}
 * system table, registration results (A.7), task states, and the catalog's own tables projected and with list
 * columns named as 0.33 names them (its segment table's {@code rerun_layer_names} list holds items named
 * {@code rerun_layer_names}, where later versions say {@code item}).
 */
final class RedapTables {
    /** The {@code __entries} system table that Rerun's viewer shows on a server's page; its id never changes. */
    static final Entry ENTRIES_TABLE = new Entry(new EntryId(new Tuid(0, 0x5F5F656E74726965L)),
            EntryName.of("__entries"), EntryKind.TABLE, Optional.empty(), Instant.EPOCH, Instant.EPOCH,
            Optional.empty());
    private static final String SORBET_VERSION = "0.1.3";
    private static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
    private static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

    private final BufferAllocator allocator;

    RedapTables(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    // ---------------------------------------------------------------------------------------------- __entries

    Schema entriesSchema() {
        return new Schema(List.of(
                field("id", false, new ArrowType.FixedSizeBinary(16)),
                field("name", false, UTF8),
                field("entry_kind", false, new ArrowType.Int(32, true)),
                field("created_at", false, TIMESTAMP),
                field("updated_at", false, TIMESTAMP)), Map.of("sorbet:version", SORBET_VERSION));
    }

    TableEntry entriesTableEntry() {
        // prost's type URLs have no type.googleapis.com prefix, and Rerun's client checks this one exactly
        Any provider = Any.newBuilder().setTypeUrl("/rerun.cloud.v1alpha1.SystemTable")
                .setValue(SystemTable.newBuilder().setKind(SystemTableKind.SYSTEM_TABLE_KIND_ENTRIES).build()
                        .toByteString())
                .build();
        return TableEntry.newBuilder().setDetails(RedapIds.details(ENTRIES_TABLE)).setProviderDetails(provider)
                .build();
    }

    DataframePart entries(List<Entry> entries) {
        return table(entriesSchema(), entries.size(), (root, row) -> {
            Entry entry = entries.get(row);
            ((FixedSizeBinaryVector) root.getVector("id")).setSafe(row, entry.id().tuid().toBytes());
            ((VarCharVector) root.getVector("name")).setSafe(row, utf8(entry.name().value()));
            ((IntVector) root.getVector("entry_kind")).setSafe(row, RedapIds.details(entry).getEntryKindValue());
            ((TimeStampNanoVector) root.getVector("created_at")).setSafe(row, nanos(entry.createdAt()));
            ((TimeStampNanoVector) root.getVector("updated_at")).setSafe(row, nanos(entry.updatedAt()));
        });
    }

    // ------------------------------------------------------------------------------------ registrations, tasks

    /** A.7: one row per registered source (a failed one with an empty segment id, its task failed). */
    DataframePart registrations(List<Registration> rows) {
        Schema schema = new Schema(List.of(field("rerun_segment_id", false, UTF8),
                field("rerun_segment_layer", false, UTF8), field("rerun_segment_type", false, UTF8),
                field("rerun_storage_url", false, UTF8), field("rerun_task_id", false, UTF8)));
        return table(schema, rows.size(), (root, row) -> {
            Registration registration = rows.get(row);
            text(root, "rerun_segment_id", row, registration.segment().map(SegmentId::value).orElse(""));
            text(root, "rerun_segment_layer", row, registration.layer().value());
            text(root, "rerun_segment_type", row, "rrd");
            text(root, "rerun_storage_url", row, registration.storageUrl());
            text(root, "rerun_task_id", row, registration.taskId());
        });
    }

    /** {@code QueryTasks}' columns; every task is finished, {@code success} or {@code failed} with its message. */
    DataframePart tasks(List<String> ids, List<Optional<String>> failures) {
        Schema schema = new Schema(List.of(field("task_id", false, UTF8), field("kind", true, UTF8),
                field("data", true, UTF8), field("exec_status", false, UTF8), field("msgs", true, UTF8),
                field("blob_len", true, new ArrowType.Int(64, false)), field("lease_owner", true, UTF8),
                field("lease_expiration", true, TIMESTAMP), field("attempts", false, new ArrowType.Int(8, false)),
                field("creation_time", true, TIMESTAMP), field("last_update_time", true, TIMESTAMP)));
        return table(schema, ids.size(), (root, row) -> {
            text(root, "task_id", row, ids.get(row));
            text(root, "exec_status", row, failures.get(row).isPresent() ? "failed" : "success");
            failures.get(row).ifPresent(message -> text(root, "msgs", row, message));
            ((UInt1Vector) root.getVector("attempts")).setSafe(row, 1);
        });
    }

    // -------------------------------------------------------------------------------------- catalog's tables

    /**
     * The catalog's table with the columns asked for, in that order (none: all); an unknown or repeated name is
     * the caller's error, as in Rerun.
     */
    DataframePart part(VectorSchemaRoot table, List<String> columns) {
        List<FieldVector> vectors = new ArrayList<>();
        if (columns.isEmpty()) {
            vectors.addAll(table.getFieldVectors());
        } else {
            Set<String> seen = new HashSet<>();
            for (String column : columns) {
                if (!seen.add(column)) {
                    throw GrpcAnswers.invalidArgument("column '" + column + "' is asked for twice");
                }
                FieldVector vector = table.getVector(column);
                if (vector == null) {
                    throw GrpcAnswers.invalidArgument("no column '" + column + "'; there are "
                            + table.getSchema().getFields().stream().map(Field::getName).toList());
                }
                vectors.add(vector);
            }
        }
        Schema schema = forRerun(new Schema(vectors.stream().map(FieldVector::getField).toList(),
                table.getSchema().getCustomMetadata()));
        // a view over the table's vectors with 0.33's field names: written out, never closed (the table owns them)
        return DataframeParts.of(new VectorSchemaRoot(schema, vectors, table.getRowCount()));
    }

    /**
     * The table as parts of about {@code partBytes} of Arrow data each, one schema (clients limit message sizes:
     * Rerun's to 4 MiB by default, and the viewer concatenates the parts).
     */
    static List<DataframePart> parts(VectorSchemaRoot table, long partBytes) {
        long bytes = table.getFieldVectors().stream().mapToLong(FieldVector::getBufferSize).sum();
        int rows = table.getRowCount();
        int perPart = (int) Math.max(1, Math.min(rows, (long) rows * partBytes / Math.max(1, bytes)));
        if (rows <= perPart) {
            return List.of(DataframeParts.of(table));
        }
        List<DataframePart> parts = new ArrayList<>();
        for (int from = 0; from < rows; from += perPart) {
            try (VectorSchemaRoot part = table.slice(from, Math.min(perPart, rows - from))) {
                // written with the table's schema: Arrow's slice of a FixedSizeBinary column drops its field's
                // nullability and metadata (chunk_id's rerun:kind)
                parts.add(DataframeParts.of(new VectorSchemaRoot(table.getSchema(), part.getFieldVectors(),
                        part.getRowCount())));
            }
        }
        return parts;
    }

    /** The rows of a dataset manifest (A.6) that name one of the segments or layers. */
    DataframePart manifestRows(VectorSchemaRoot manifest, Set<SegmentId> segments, Set<LayerName> layers) {
        VarCharVector segmentIds = (VarCharVector) manifest.getVector("rerun_segment_id");
        VarCharVector layerNames = (VarCharVector) manifest.getVector("rerun_layer_name");
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < manifest.getRowCount(); row++) {
            boolean segment = segments.isEmpty() || segments.contains(new SegmentId(text(segmentIds, row)));
            boolean layer = layers.isEmpty() || layers.contains(new LayerName(text(layerNames, row)));
            if (segment && layer) {
                rows.add(row);
            }
        }
        try (VectorSchemaRoot selected = VectorSchemaRoot.create(manifest.getSchema(), allocator)) {
            selected.allocateNew();
            for (int i = 0; i < manifest.getFieldVectors().size(); i++) {
                FieldVector from = manifest.getVector(i);
                FieldVector to = selected.getVector(i);
                for (int row = 0; row < rows.size(); row++) {
                    to.copyFromSafe(rows.get(row), row, from);
                }
            }
            selected.setRowCount(rows.size());
            return part(selected, List.of());
        }
    }

    /** The schema with every list's items named after their column, as Rerun 0.33 names them. */
    static Schema forRerun(Schema schema) {
        List<Field> fields = new ArrayList<>();
        for (Field field : schema.getFields()) {
            if (field.getType() instanceof ArrowType.List && field.getChildren().size() == 1) {
                Field item = field.getChildren().get(0);
                fields.add(new Field(field.getName(), field.getFieldType(),
                        List.of(new Field(field.getName(), item.getFieldType(), item.getChildren()))));
            } else {
                fields.add(field);
            }
        }
        return new Schema(fields, schema.getCustomMetadata());
    }

    // ---------------------------------------------------------------------------------------------- building

    private DataframePart table(Schema schema, int rows, BiConsumer<VectorSchemaRoot, Integer> fill) {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            for (int row = 0; row < rows; row++) {
                fill.accept(root, row);
            }
            root.setRowCount(rows);
            return DataframeParts.of(root);
        }
    }

    private static Field field(String name, boolean nullable, ArrowType type) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    private static void text(VectorSchemaRoot root, String column, int row, String value) {
        ((VarCharVector) root.getVector(column)).setSafe(row, utf8(value));
    }

    private static String text(VarCharVector vector, int row) {
        return new String(vector.get(row), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
