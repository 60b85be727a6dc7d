package dev.reel.catalog.internal;

import dev.reel.api.EntryId;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schema columns of a dataset's layers, each distinct list kept once ({@code column_sets},
 * {@code schema_columns}) and named by a digest of its content: the thousands of layers of one application share
 * a handful of schemas, and reading a dataset's layers would otherwise read their columns thousands of times.
 */
final class ColumnSets {
    private ColumnSets() {}

    /** The list's key: a SHA-256 over every column's fields, each length-prefixed. */
    static ByteBuffer digest(List<SchemaColumn> columns) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        for (SchemaColumn column : columns) {
            for (byte[] part : List.of(utf8(column.entityPath()), utf8(column.component()), utf8(column.typeKey()),
                    column.field())) {
                sha256.update(length.clear().putInt(part.length).flip());
                sha256.update(part);
            }
        }
        return ByteBuffer.wrap(sha256.digest()).asReadOnlyBuffer();
    }

    /** Stores the lists the dataset does not hold yet. */
    static void add(Connection connection, EntryId dataset, Map<ByteBuffer, List<SchemaColumn>> sets)
            throws SQLException {
        Set<ByteBuffer> held = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT digest FROM column_sets WHERE dataset_id = ?")) {
            select.setString(1, dataset.toString());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    held.add(ByteBuffer.wrap(rows.getBytes(1)));
                }
            }
        }
        try (PreparedStatement insertSet = connection.prepareStatement(
                        "INSERT INTO column_sets (dataset_id, digest) VALUES (?, ?)");
                PreparedStatement insertColumn = connection.prepareStatement("INSERT INTO schema_columns "
                        + "(dataset_id, digest, column_index, entity_path, component, type_key, field) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<ByteBuffer, List<SchemaColumn>> set : sets.entrySet()) {
                if (held.contains(set.getKey())) {
                    continue;
                }
                byte[] digest = bytes(set.getKey());
                insertSet.setString(1, dataset.toString());
                insertSet.setBytes(2, digest);
                insertSet.addBatch();
                List<SchemaColumn> columns = set.getValue();
                for (int i = 0; i < columns.size(); i++) {
                    SchemaColumn column = columns.get(i);
                    insertColumn.setString(1, dataset.toString());
                    insertColumn.setBytes(2, digest);
                    insertColumn.setInt(3, i);
                    insertColumn.setString(4, column.entityPath());
                    insertColumn.setString(5, column.component());
                    insertColumn.setString(6, column.typeKey());
                    insertColumn.setBytes(7, column.field());
                    insertColumn.addBatch();
                }
            }
            insertSet.executeBatch();
            insertColumn.executeBatch();
        }
    }

    /** Removes the dataset's lists that no layer uses any more. */
    static void removeUnused(Connection connection, EntryId dataset) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM column_sets WHERE dataset_id = ? "
                + "AND NOT EXISTS (SELECT 1 FROM layers l WHERE l.dataset_id = column_sets.dataset_id "
                + "AND l.column_set = column_sets.digest)")) {
            delete.setString(1, dataset.toString());
            delete.executeUpdate();
        }
    }

    /** The lists with these digests, columns in their order. */
    static Map<ByteBuffer, List<SchemaColumn>> read(Connection connection, EntryId dataset,
            Collection<ByteBuffer> digests) throws SQLException {
        Map<ByteBuffer, List<SchemaColumn>> sets = new HashMap<>();
        for (List<ByteBuffer> slice : JdbcValues.slices(new HashSet<>(digests))) {
            if (slice.isEmpty()) {
                break;
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT digest, entity_path, component, "
                    + "type_key, field FROM schema_columns WHERE dataset_id = ? AND "
                    + JdbcValues.in("digest", slice.size()) + " ORDER BY digest, column_index")) {
                select.setString(1, dataset.toString());
                for (int i = 0; i < slice.size(); i++) {
                    select.setBytes(i + 2, bytes(slice.get(i)));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        sets.computeIfAbsent(ByteBuffer.wrap(rows.getBytes(1)), d -> new ArrayList<>())
                                .add(column(rows, 2));
                    }
                }
            }
        }
        return sets;
    }

    /** Every distinct column of the dataset's layers, by entity path, component and type. */
    static List<SchemaColumn> distinct(Connection connection, EntryId dataset) throws SQLException {
        List<SchemaColumn> columns = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT entity_path, component, "
                + "type_key, field FROM schema_columns WHERE dataset_id = ?")) {
            select.setString(1, dataset.toString());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    columns.add(column(rows, 1));
                }
            }
        }
        columns.sort(Comparator.comparing(SchemaColumn::entityPath).thenComparing(SchemaColumn::component)
                .thenComparing(SchemaColumn::typeKey).thenComparing(SchemaColumn::field, java.util.Arrays::compare));
        return columns;
    }

    private static SchemaColumn column(ResultSet row, int first) throws SQLException {
        return new SchemaColumn(row.getString(first), row.getString(first + 1), row.getString(first + 2),
                row.getBytes(first + 3));
    }

    static byte[] bytes(ByteBuffer digest) {
        byte[] bytes = new byte[digest.remaining()];
        digest.duplicate().get(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
