package dev.reel.rrd.internal;

import dev.reel.api.ChunkId;
import dev.reel.api.EntityPath;
import dev.reel.api.log.ChunkFormatException;
import dev.reel.api.log.Sorbet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Brings chunk record batches of older Sorbet layouts (0.0.1 to 0.1.2, i.e. Rerun 0.23 to 0.29) to
 * {@value Sorbet#VERSION}, as Rerun's {@code re_sorbet} migrations do: metadata keys, component descriptors,
 * column order, indicator columns, renamed components, non-list data columns. Batches already at
 * {@value Sorbet#VERSION} (or newer) pass through untouched.
 */
final class SorbetMigration {
    private static final int[] CURRENT = {0, 1, 3};

    private SorbetMigration() {}

    /**
     * Returns the migrated batch; {@code root} is consumed (reused or emptied into the result), and released
     * if migration fails.
     */
    static VectorSchemaRoot migrate(VectorSchemaRoot root, BufferAllocator allocator) {
        try {
            return migrateOwned(root, allocator);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    private static VectorSchemaRoot migrateOwned(VectorSchemaRoot root, BufferAllocator allocator) {
        Map<String, String> batchMetadata = root.getSchema().getCustomMetadata();
        int[] version = versionOf(batchMetadata == null ? Map.of() : batchMetadata);
        if (compare(version, CURRENT) >= 0) {
            return root;
        }
        Map<String, String> metadata = new LinkedHashMap<>(batchMetadata == null ? Map.of() : batchMetadata);
        List<Column> columns = new ArrayList<>();
        for (FieldVector vector : root.getFieldVectors()) {
            columns.add(new Column(vector, new LinkedHashMap<>(vector.getField().getMetadata())));
        }
        if (compare(version, new int[] {0, 0, 2}) < 0) {
            renameOldArchetypes(columns);
        }
        if (compare(version, new int[] {0, 1, 0}) < 0) {
            metadata = toColonKeys(metadata, columns);
        }
        if (compare(version, new int[] {0, 1, 1}) < 0) {
            dropIndicators(columns);
        }
        if (compare(version, new int[] {0, 1, 2}) < 0) {
            renameFor012(columns);
        }
        for (Column column : columns) {
            column.metadata.computeIfPresent(Sorbet.COMPONENT_TYPE_KEY,
                    (k, v) -> v.equals("rerun.components.SeriesVisible") ? "rerun.components.Visible" : v);
        }
        return rebuild(root, columns, canonicalBatchMetadata(metadata), allocator);
    }

    /** The declared version, or Rerun's guess for batches without one. */
    static int[] versionOf(Map<String, String> metadata) {
        String declared = metadata.get(Sorbet.VERSION_KEY);
        if (declared != null) {
            String[] parts = declared.split("\\.");
            try {
                return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
            } catch (RuntimeException e) {
                throw new ChunkFormatException("invalid " + Sorbet.VERSION_KEY + " '" + declared + "'");
            }
        }
        if (metadata.keySet().stream().anyMatch(k -> k.startsWith("rerun."))) {
            return new int[] {0, 0, 1};
        }
        return metadata.containsKey("rerun:version") ? new int[] {0, 0, 2} : new int[] {0, 0, 1};
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    /** A column being migrated: its vector and its (new) field metadata. */
    private static final class Column {
        final FieldVector vector;
        final Map<String, String> metadata;

        Column(FieldVector vector, Map<String, String> metadata) {
            this.vector = vector;
            this.metadata = metadata;
        }

        String name() {
            return vector.getField().getName();
        }

        String kind() {
            String kind = metadata.getOrDefault(Sorbet.KIND_KEY, metadata.getOrDefault("rerun.kind", Sorbet.KIND_DATA));
            return switch (kind) {
                case "control", "row_id" -> Sorbet.KIND_CONTROL;
                case "index", "time" -> Sorbet.KIND_INDEX;
                default -> Sorbet.KIND_DATA;
            };
        }
    }

    /** 0.0.1 → 0.0.2: Scalar, SeriesLine and SeriesPoint became plural archetypes with plural fields. */
    private static void renameOldArchetypes(List<Column> columns) {
        Map<String, String> archetypes = Map.of(
                "rerun.archetypes.Scalar", "rerun.archetypes.Scalars",
                "rerun.archetypes.SeriesLine", "rerun.archetypes.SeriesLines",
                "rerun.archetypes.SeriesPoint", "rerun.archetypes.SeriesPoints");
        Map<String, String> fields = Map.of("scalar", "scalars", "color", "colors", "width", "widths",
                "name", "names", "marker", "markers", "marker_size", "marker_sizes");
        for (Column column : columns) {
            String archetype = column.metadata.get("rerun.archetype");
            if (archetype != null && archetypes.containsKey(archetype)) {
                column.metadata.put("rerun.archetype", archetypes.get(archetype));
                column.metadata.computeIfPresent("rerun.archetype_field", (k, v) -> fields.getOrDefault(v, v));
            }
        }
    }

    /** 0.0.2 → 0.1.0: dotted keys become colon keys and component descriptors take today's form. */
    private static Map<String, String> toColonKeys(Map<String, String> batch, List<Column> columns) {
        Map<String, String> renamed = new LinkedHashMap<>();
        batch.forEach((key, value) -> {
            if (!key.equals("rerun.version")) {
                renamed.put(key.replace("rerun.", "rerun:"), value);
            }
        });
        if ("/__properties/recording".equals(renamed.get(Sorbet.ENTITY_PATH_KEY))) {
            renamed.put(Sorbet.ENTITY_PATH_KEY, "/__properties");
        }
        for (Column column : columns) {
            Map<String, String> old = new HashMap<>(column.metadata);
            for (String flag : List.of("index_name", "entity_path", "kind", "is_static", "is_indicator",
                    "is_tombstone", "is_semantically_empty", "is_sorted")) {
                String value = column.metadata.remove("rerun." + flag);
                if (value != null) {
                    column.metadata.put("rerun:" + flag, value);
                }
            }
            String component = old.get("rerun.component");
            String archetype = old.get("rerun.archetype");
            String archetypeField = old.get("rerun.archetype_field");
            column.metadata.remove("rerun.component");
            column.metadata.remove("rerun.archetype");
            column.metadata.remove("rerun.archetype_field");
            if (column.name().endsWith("Indicator")) {
                column.metadata.put(Sorbet.COMPONENT_KEY, component != null ? component
                        : column.name().startsWith("rerun.") ? column.name() : "rerun.components." + column.name());
            } else if (component != null) {
                describe(column.metadata, component, archetype, archetypeField);
            }
            column.metadata.replaceAll((k, v) -> v.replace("RecordingProperties", "RecordingInfo"));
        }
        return renamed;
    }

    private static void describe(Map<String, String> metadata, String component, String archetype, String field) {
        if (archetype == null) {
            if (field == null) {
                metadata.put(Sorbet.COMPONENT_KEY, component);
            } else {
                metadata.put(Sorbet.COMPONENT_KEY, field);
                metadata.put(Sorbet.COMPONENT_TYPE_KEY, component);
            }
        } else if (component.endsWith("Indicator")) {
            metadata.put(Sorbet.COMPONENT_KEY, component);
        } else if (field != null) {
            String shortName = archetype.replace("rerun.blueprint.archetypes.", "").replace("rerun.archetypes.", "");
            metadata.put(Sorbet.ARCHETYPE_KEY, archetype);
            metadata.put(Sorbet.COMPONENT_KEY, shortName + ":" + field);
            metadata.put(Sorbet.COMPONENT_TYPE_KEY, component);
        } else {
            metadata.put(Sorbet.ARCHETYPE_KEY, archetype);
            metadata.put(Sorbet.COMPONENT_KEY, component);
            metadata.put(Sorbet.COMPONENT_TYPE_KEY, component);
        }
    }

    /** 0.1.0 → 0.1.1: indicator columns are gone. */
    private static void dropIndicators(List<Column> columns) {
        columns.removeIf(column -> {
            boolean indicator = isIndicator(column.metadata);
            if (indicator) {
                column.vector.close();
            }
            return indicator;
        });
    }

    private static boolean isIndicator(Map<String, String> metadata) {
        String flag = metadata.get("rerun:is_indicator");
        if (flag != null) {
            return flag.equals("true");
        }
        String component = metadata.getOrDefault(Sorbet.COMPONENT_KEY, "");
        return component.startsWith("rerun.components.") && component.endsWith("Indicator");
    }

    /** 0.1.1 → 0.1.2: Pose* component types lost their prefix, two components moved. */
    private static void renameFor012(List<Column> columns) {
        for (Column column : columns) {
            column.metadata.computeIfPresent(Sorbet.COMPONENT_TYPE_KEY, (k, v) -> switch (v) {
                case "rerun.components.PoseTranslation3D", "rerun.components.PoseRotationAxisAngle",
                        "rerun.components.PoseRotationQuat", "rerun.components.PoseScale3D",
                        "rerun.components.PoseTransformMat3x3" -> v.replace("components.Pose", "components.");
                default -> v;
            });
            String component = column.metadata.get(Sorbet.COMPONENT_KEY);
            if ("Transform3D:axis_length".equals(component)) {
                column.metadata.put(Sorbet.ARCHETYPE_KEY, "rerun.archetypes.TransformAxes3D");
                column.metadata.put(Sorbet.COMPONENT_KEY, "TransformAxes3D:axis_length");
            } else if ("CoordinateFrame:frame_id".equals(component)) {
                column.metadata.put(Sorbet.COMPONENT_KEY, "CoordinateFrame:frame");
            }
        }
    }

    /** The batch metadata Rerun keeps after migration: version, chunk id, entity path, segment, probes. */
    private static Map<String, String> canonicalBatchMetadata(Map<String, String> metadata) {
        Map<String, String> canonical = new LinkedHashMap<>();
        canonical.put(Sorbet.VERSION_KEY, Sorbet.VERSION);
        String id = metadata.get(Sorbet.CHUNK_ID_KEY);
        if (id != null) {
            try {
                canonical.put(Sorbet.CHUNK_ID_KEY, ChunkId.parse(id).toString());
            } catch (IllegalArgumentException e) {
                canonical.put(Sorbet.CHUNK_ID_KEY, id);
            }
        }
        String path = metadata.get(Sorbet.ENTITY_PATH_KEY);
        if (path != null) {
            canonical.put(Sorbet.ENTITY_PATH_KEY, EntityPath.parse(path).toString());
        }
        String segment = metadata.getOrDefault("rerun:segment_id", metadata.get("rerun:partition_id"));
        if (segment != null) {
            canonical.put("rerun:segment_id", segment);
        }
        metadata.forEach((key, value) -> {
            if (key.startsWith("rerun:timestamp_")) {
                canonical.put(key, value);
            }
        });
        return canonical;
    }

    /**
     * Builds the migrated batch: control, index, data columns in that order, fields named and described
     * from their metadata, data columns as lists with an {@code item} field. Vectors are moved, not copied.
     */
    private static VectorSchemaRoot rebuild(VectorSchemaRoot root, List<Column> columns, Map<String, String> metadata,
            BufferAllocator allocator) {
        List<Column> ordered = new ArrayList<>();
        for (String kind : List.of(Sorbet.KIND_CONTROL, Sorbet.KIND_INDEX, Sorbet.KIND_DATA)) {
            columns.stream().filter(c -> c.kind().equals(kind)).forEach(ordered::add);
        }
        List<FieldVector> vectors = new ArrayList<>();
        int rows = root.getRowCount();
        try {
            for (Column column : ordered) {
                vectors.add(migrated(column, allocator));
            }
        } catch (RuntimeException e) {
            vectors.forEach(FieldVector::close);
            root.close();
            throw e;
        }
        List<Field> fields = vectors.stream().map(FieldVector::getField).toList();
        return new VectorSchemaRoot(new Schema(fields, metadata), vectors, rows);
    }

    private static FieldVector migrated(Column column, BufferAllocator allocator) {
        Field old = column.vector.getField();
        String kind = column.kind();
        column.metadata.put(Sorbet.KIND_KEY, kind);
        String name = switch (kind) {
            case Sorbet.KIND_CONTROL -> old.getName();
            case Sorbet.KIND_INDEX -> column.metadata.computeIfAbsent(Sorbet.INDEX_NAME_KEY, k -> old.getName());
            default -> column.metadata.computeIfAbsent(Sorbet.COMPONENT_KEY, k -> old.getName());
        };
        if (kind.equals(Sorbet.KIND_DATA) && !(column.vector instanceof ListVector)) {
            return wrapInList(column, name, allocator);
        }
        List<Field> children = old.getChildren();
        if (kind.equals(Sorbet.KIND_DATA) && children.size() == 1 && !children.get(0).getName().equals(Sorbet.LIST_ITEM)) {
            Field item = children.get(0);
            children = List.of(new Field(Sorbet.LIST_ITEM, item.getFieldType(), item.getChildren()));
        }
        Field field = new Field(name, new FieldType(old.isNullable(), old.getType(), old.getDictionary(),
                column.metadata), children);
        if (field.equals(old)) {
            return column.vector;
        }
        FieldVector target = field.createVector(allocator);
        TransferPair transfer = column.vector.makeTransferPair(target);
        transfer.transfer();
        column.vector.close();
        return target;
    }

    /** Rerun wraps a non-list data column into a list of one instance per row. */
    private static FieldVector wrapInList(Column column, String name, BufferAllocator allocator) {
        FieldVector values = column.vector;
        Field item = new Field(Sorbet.LIST_ITEM, values.getField().getFieldType(), values.getField().getChildren());
        Field listField = new Field(name, new FieldType(true, ArrowType.List.INSTANCE, null, column.metadata),
                List.of(item));
        ListVector list = (ListVector) listField.createVector(allocator);
        int rows = values.getValueCount();
        list.allocateNew();
        values.makeTransferPair(list.getDataVector()).transfer();
        for (int row = 0; row < rows; row++) {
            list.startNewValue(row);
            list.endValue(row, 1);
        }
        list.setValueCount(rows);
        values.close();
        return list;
    }
}
