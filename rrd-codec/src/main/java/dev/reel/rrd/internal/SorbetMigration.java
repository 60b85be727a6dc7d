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
import java.util.concurrent.ConcurrentHashMap;
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

    /** Plans kept at most; a stream of ever new layouts starts the cache over. */
    private static final int PLAN_CACHE_ENTRIES = 1024;
    private static final Map<PlanKey, Plan> PLANS = new ConcurrentHashMap<>();

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
        batchMetadata = batchMetadata == null ? Map.of() : batchMetadata;
        int[] version = versionOf(batchMetadata);
        if (compare(version, CURRENT) >= 0) {
            return root;
        }
        Map<String, String> metadata = compare(version, new int[] {0, 1, 0}) < 0 ? toColonKeys(batchMetadata)
                : batchMetadata;
        return plan(root.getSchema().getFields(), version).apply(root, canonicalBatchMetadata(metadata), allocator);
    }

    /**
     * The migration of one layout of columns from one version: what happens to the columns depends on their
     * fields and the version only, so it is worked out once per layout (Rerun's chunks of an entity share their
     * fields) and applied to every batch of that layout.
     */
    private static Plan plan(List<Field> fields, int[] version) {
        PlanKey key = new PlanKey(fields, version[0] << 20 | version[1] << 10 | version[2]);
        Plan plan = PLANS.get(key);
        if (plan == null) {
            plan = Plan.of(fields, version);
            if (PLANS.size() >= PLAN_CACHE_ENTRIES) {
                PLANS.clear();
            }
            PLANS.put(key, plan);
        }
        return plan;
    }

    private record PlanKey(List<Field> fields, int version) {}

    /**
     * One output column: the input column it comes from and the field it gets ({@code null}: the input vector as
     * it is), wrapped into a list of one instance per row or not.
     */
    private record Step(int source, Field target, boolean wrap) {}

    /** The output columns in order (control, index, data); input columns not named are dropped. */
    private record Plan(List<Step> steps) {
        static Plan of(List<Field> fields, int[] version) {
            List<Column> columns = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                columns.add(new Column(i, fields.get(i), new LinkedHashMap<>(fields.get(i).getMetadata())));
            }
            if (compare(version, new int[] {0, 0, 2}) < 0) {
                renameOldArchetypes(columns);
            }
            if (compare(version, new int[] {0, 1, 0}) < 0) {
                columnsToColonKeys(columns);
            }
            if (compare(version, new int[] {0, 1, 1}) < 0) {
                columns.removeIf(column -> isIndicator(column.metadata));
            }
            if (compare(version, new int[] {0, 1, 2}) < 0) {
                renameFor012(columns);
            }
            for (Column column : columns) {
                column.metadata.computeIfPresent(Sorbet.COMPONENT_TYPE_KEY,
                        (k, v) -> v.equals("rerun.components.SeriesVisible") ? "rerun.components.Visible" : v);
            }
            List<Step> steps = new ArrayList<>();
            for (String kind : List.of(Sorbet.KIND_CONTROL, Sorbet.KIND_INDEX, Sorbet.KIND_DATA)) {
                columns.stream().filter(c -> c.kind().equals(kind)).forEach(c -> steps.add(step(c)));
            }
            return new Plan(List.copyOf(steps));
        }

        /** Builds the migrated batch; vectors are moved, not copied, and {@code root} is emptied. */
        VectorSchemaRoot apply(VectorSchemaRoot root, Map<String, String> metadata, BufferAllocator allocator) {
            List<FieldVector> inputs = root.getFieldVectors();
            boolean[] used = new boolean[inputs.size()];
            List<FieldVector> vectors = new ArrayList<>(steps.size());
            int rows = root.getRowCount();
            try {
                for (Step step : steps) {
                    FieldVector input = inputs.get(step.source());
                    used[step.source()] = true;
                    vectors.add(step.target() == null ? input
                            : step.wrap() ? wrapInList(input, step.target(), allocator)
                            : moved(input, step.target(), allocator));
                }
            } catch (RuntimeException e) {
                vectors.forEach(FieldVector::close);
                root.close();
                throw e;
            }
            for (int i = 0; i < inputs.size(); i++) {
                if (!used[i]) {
                    inputs.get(i).close();
                }
            }
            List<Field> fields = new ArrayList<>(vectors.size());
            for (FieldVector vector : vectors) {
                fields.add(vector.getField());
            }
            return new VectorSchemaRoot(new Schema(fields, metadata), vectors, rows);
        }
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

    /** A column being planned: its input position and field, and its (new) field metadata. */
    private static final class Column {
        final int index;
        final Field field;
        final Map<String, String> metadata;

        Column(int index, Field field, Map<String, String> metadata) {
            this.index = index;
            this.field = field;
            this.metadata = metadata;
        }

        String name() {
            return field.getName();
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

    /** 0.0.2 → 0.1.0: dotted batch metadata keys become colon keys. */
    private static Map<String, String> toColonKeys(Map<String, String> batch) {
        Map<String, String> renamed = new LinkedHashMap<>();
        batch.forEach((key, value) -> {
            if (!key.equals("rerun.version")) {
                renamed.put(key.replace("rerun.", "rerun:"), value);
            }
        });
        if ("/__properties/recording".equals(renamed.get(Sorbet.ENTITY_PATH_KEY))) {
            renamed.put(Sorbet.ENTITY_PATH_KEY, "/__properties");
        }
        return renamed;
    }

    /** 0.0.2 → 0.1.0: dotted column metadata keys become colon keys and component descriptors take today's form. */
    private static void columnsToColonKeys(List<Column> columns) {
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
     * What a column becomes: named and described from its metadata; a data column a list with an {@code item}
     * field (wrapped when it is not a list).
     */
    private static Step step(Column column) {
        Field old = column.field;
        String kind = column.kind();
        column.metadata.put(Sorbet.KIND_KEY, kind);
        String name = switch (kind) {
            case Sorbet.KIND_CONTROL -> old.getName();
            case Sorbet.KIND_INDEX -> column.metadata.computeIfAbsent(Sorbet.INDEX_NAME_KEY, k -> old.getName());
            default -> column.metadata.computeIfAbsent(Sorbet.COMPONENT_KEY, k -> old.getName());
        };
        if (kind.equals(Sorbet.KIND_DATA) && !(old.getType() instanceof ArrowType.List)) {
            Field item = new Field(Sorbet.LIST_ITEM, old.getFieldType(), old.getChildren());
            return new Step(column.index, HashedField.of(new Field(name, new FieldType(true, ArrowType.List.INSTANCE,
                    null, column.metadata), List.of(item))), true);
        }
        List<Field> children = old.getChildren();
        if (kind.equals(Sorbet.KIND_DATA) && children.size() == 1 && !children.get(0).getName().equals(Sorbet.LIST_ITEM)) {
            Field item = children.get(0);
            children = List.of(new Field(Sorbet.LIST_ITEM, item.getFieldType(), item.getChildren()));
        }
        Field field = new Field(name, new FieldType(old.isNullable(), old.getType(), old.getDictionary(),
                column.metadata), children);
        return new Step(column.index, field.equals(old) ? null : HashedField.of(field), false);
    }

    private static FieldVector moved(FieldVector vector, Field field, BufferAllocator allocator) {
        FieldVector target = field.createVector(allocator);
        TransferPair transfer = vector.makeTransferPair(target);
        transfer.transfer();
        vector.close();
        return target;
    }

    /** Rerun wraps a non-list data column into a list of one instance per row. */
    private static FieldVector wrapInList(FieldVector values, Field listField, BufferAllocator allocator) {
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
