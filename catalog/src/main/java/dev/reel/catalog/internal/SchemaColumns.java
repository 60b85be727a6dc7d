package dev.reel.catalog.internal;

import dev.reel.api.TimeType;
import dev.reel.api.log.Sorbet;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of a dataset's schema (A.3, "schema-on-read"): one per entity and component, as a dataframe
 * names them ({@code /entity:Archetype:field}); the dataset's schema is the union of its layers', and the same
 * column with another Arrow type is a conflict. A column is kept as the Arrow IPC bytes of its field, and
 * compared by a canonical text of its type.
 */
final class SchemaColumns {
    private SchemaColumns() {}

    static SchemaColumn of(String entity, String component, Field field) {
        Map<String, String> metadata = new LinkedHashMap<>(field.getMetadata());
        metadata.put(Sorbet.ENTITY_PATH_KEY, entity);
        metadata.put(Sorbet.KIND_KEY, Sorbet.KIND_DATA);
        metadata.putIfAbsent(Sorbet.COMPONENT_KEY, component);
        FieldType type = field.getFieldType();
        Field named = new Field(entity + ":" + component, new FieldType(true, type.getType(), type.getDictionary(),
                metadata), field.getChildren());
        return new SchemaColumn(entity, component, typeKey(field), serialize(named));
    }

    /** The type with its children, without names or metadata: equal for columns that hold the same values. */
    static String typeKey(Field field) {
        StringBuilder key = new StringBuilder(field.getType().toString());
        if (!field.getChildren().isEmpty()) {
            key.append('<');
            for (int i = 0; i < field.getChildren().size(); i++) {
                key.append(i == 0 ? "" : ",").append(typeKey(field.getChildren().get(i)));
            }
            key.append('>');
        }
        return key.toString();
    }

    /** A SHA-256 of the columns' names and types, independent of their order. */
    static byte[] sha256(Collection<SchemaColumn> columns) {
        List<SchemaColumn> sorted = new ArrayList<>(columns);
        sorted.sort(Comparator.comparing(SchemaColumn::entityPath).thenComparing(SchemaColumn::component));
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (SchemaColumn column : sorted) {
                digest.update((column.entityPath() + "\u0000" + column.component() + "\u0000" + column.typeKey()
                        + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * A dataset's schema as a Sorbet schema: an index column per timeline (by name), then the columns by entity
     * and component, each once, with Sorbet's version.
     */
    static Schema schema(Map<String, TimeType> timelines, Collection<SchemaColumn> columns) {
        List<Field> fields = new ArrayList<>();
        new TreeMap<>(timelines).forEach((timeline, type) -> fields.add(new Field(timeline,
                new FieldType(true, ArrowColumns.arrowType(type), null,
                        Map.of(Sorbet.KIND_KEY, Sorbet.KIND_INDEX, Sorbet.INDEX_NAME_KEY, timeline)), null)));
        Map<String, Field> data = new TreeMap<>();
        for (SchemaColumn column : columns) {
            data.putIfAbsent(column.entityPath() + "\u0000" + column.component(), field(column));
        }
        fields.addAll(data.values());
        return new Schema(fields, Map.of(Sorbet.VERSION_KEY, Sorbet.VERSION));
    }

    static Field field(SchemaColumn column) {
        try {
            Schema schema = MessageSerializer.deserializeSchema(new ReadChannel(Channels.newChannel(
                    new ByteArrayInputStream(column.field()))));
            return schema.getFields().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored schema column cannot be read", e);
        }
    }

    private static byte[] serialize(Field field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), new Schema(List.of(field)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
