package dev.reel.catalog.internal;

import static dev.reel.catalog.internal.JdbcValues.instant;
import static dev.reel.catalog.internal.JdbcValues.nanos;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code entries} table: catalog entries, and the row lock that queues the writers of one dataset. */
final class EntryTable {
    private static final String COLUMNS = "id, name, kind, owner_id, created_at, updated_at, default_blueprint";

    private EntryTable() {}

    /** Inserts entries, owners before what they own; a taken name or id fails, an unknown owner fails. */
    static void create(Connection connection, List<Entry> entries) throws SQLException {
        Map<EntryId, Entry> byId = new LinkedHashMap<>();
        Set<EntryName> names = new HashSet<>();
        for (Entry entry : entries) {
            if (!names.add(entry.name())) {
                throw CatalogException.alreadyExists("two entries named '" + entry.name() + "' in one request");
            }
            if (byId.putIfAbsent(entry.id(), entry) != null) {
                throw CatalogException.alreadyExists("two entries with id " + entry.id() + " in one request");
            }
        }
        for (Entry entry : entries) {
            if (find(connection, "name", entry.name().value()).isPresent()) {
                throw takenName(entry.name());
            }
            Optional<EntryId> owner = entry.owner();
            if (owner.isPresent() && !byId.containsKey(owner.get())
                    && find(connection, "id", owner.get().toString()).isEmpty()) {
                throw CatalogException.notFound("entry " + entry.id() + " is owned by " + owner.get()
                        + ", which does not exist");
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO entries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry entry : ownersFirst(byId)) {
                insert.setString(1, entry.id().toString());
                insert.setString(2, entry.name().value());
                insert.setInt(3, entry.kind().protoNumber());
                setNullable(insert, 4, entry.owner().map(EntryId::toString));
                insert.setLong(5, nanos(entry.createdAt()));
                insert.setLong(6, nanos(entry.updatedAt()));
                setNullable(insert, 7, entry.defaultBlueprint());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            if (MetadataDatabase.isUniqueViolation(e)) {
                // a concurrent request took a name (or id) between the check and the insert
                throw new CatalogException(CatalogException.Kind.ALREADY_EXISTS,
                        "an entry with one of these names already exists: " + names, e);
            }
            throw e;
        }
    }

    /** The entries in an order where each owner comes before what it owns. */
    private static List<Entry> ownersFirst(Map<EntryId, Entry> byId) {
        List<Entry> ordered = new ArrayList<>();
        Set<EntryId> placed = new HashSet<>();
        Deque<Entry> pending = new ArrayDeque<>(byId.values());
        int sinceProgress = 0;
        while (!pending.isEmpty()) {
            Entry next = pending.removeFirst();
            Optional<EntryId> owner = next.owner().filter(byId::containsKey);
            if (owner.isEmpty() || placed.contains(owner.get())) {
                ordered.add(next);
                placed.add(next.id());
                sinceProgress = 0;
            } else if (++sinceProgress > pending.size()) {
                throw CatalogException.badRequest("entries " + byId.keySet() + " own each other in a cycle");
            } else {
                pending.addLast(next);
            }
        }
        return ordered;
    }

    static Optional<Entry> find(Connection connection, String keyColumn, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM entries WHERE " + keyColumn + " = ?")) {
            select.setString(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
            }
        }
    }

    static Optional<Entry> find(Connection connection, EntryId id) throws SQLException {
        return find(connection, "id", id.toString());
    }

    static Optional<Entry> find(Connection connection, EntryName name) throws SQLException {
        return find(connection, "name", name.value());
    }

    static List<Entry> all(Connection connection) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM entries");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                entries.add(entry(rows));
            }
        }
        // sorted here, not by ORDER BY: the databases' collations disagree, String.compareTo does not
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    static Entry rename(Connection connection, EntryId id, EntryName name, Instant now) throws SQLException {
        Entry current = lock(connection, id);
        if (current.name().equals(name)) {
            return current;
        }
        Optional<Entry> holder = find(connection, name);
        if (holder.isPresent()) {
            throw takenName(name);
        }
        try {
            update(connection, "UPDATE entries SET name = ?, updated_at = ? WHERE id = ?", name.value(), now, id);
        } catch (SQLException e) {
            if (MetadataDatabase.isUniqueViolation(e)) {
                throw new CatalogException(CatalogException.Kind.ALREADY_EXISTS, takenName(name).getMessage(), e);
            }
            throw e;
        }
        return new Entry(id, name, current.kind(), current.owner(), current.createdAt(), now,
                current.defaultBlueprint());
    }

    static Entry setDefaultBlueprint(Connection connection, EntryId id, Optional<String> segment, Instant now)
            throws SQLException {
        Entry current = lock(connection, id);
        update(connection, "UPDATE entries SET default_blueprint = ?, updated_at = ? WHERE id = ?",
                segment.orElse(null), now, id);
        return new Entry(id, current.name(), current.kind(), current.owner(), current.createdAt(), now, segment);
    }

    /** Deletes an entry; the schema's cascades delete what it owns. Returns every entry id that went. */
    static List<EntryId> delete(Connection connection, EntryId id) throws SQLException {
        lock(connection, id);
        List<EntryId> deleted = new ArrayList<>();
        Deque<EntryId> pending = new ArrayDeque<>(List.of(id));
        while (!pending.isEmpty()) {
            EntryId next = pending.removeFirst();
            deleted.add(next);
            pending.addAll(owned(connection, next));
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM entries WHERE id = ?")) {
            delete.setString(1, id.toString());
            delete.executeUpdate();
        }
        return deleted;
    }

    private static List<EntryId> owned(Connection connection, EntryId owner) throws SQLException {
        List<EntryId> owned = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM entries WHERE owner_id = ?")) {
            select.setString(1, owner.toString());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    owned.add(EntryId.parse(rows.getString(1)));
                }
            }
        }
        return owned;
    }

    /**
     * Locks the entry's row until the transaction ends, so that writers of one dataset go one after the other;
     * an unknown entry fails.
     */
    static Entry lock(Connection connection, EntryId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM entries WHERE id = ? FOR UPDATE")) {
            select.setString(1, id.toString());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw notFound(id);
                }
                return entry(rows);
            }
        }
    }

    /** Fails unless the entry exists. */
    static void require(Connection connection, EntryId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM entries WHERE id = ?")) {
            select.setString(1, id.toString());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw notFound(id);
                }
            }
        }
    }

    /** Marks the entry changed at {@code now}. */
    static void touch(Connection connection, EntryId id, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE entries SET updated_at = ? WHERE id = ?")) {
            update.setLong(1, nanos(now));
            update.setString(2, id.toString());
            update.executeUpdate();
        }
    }

    private static void update(Connection connection, String sql, String value, Instant now, EntryId id)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, value);
            update.setLong(2, nanos(now));
            update.setString(3, id.toString());
            update.executeUpdate();
        }
    }

    private static Entry entry(ResultSet row) throws SQLException {
        String owner = row.getString("owner_id");
        return new Entry(EntryId.parse(row.getString("id")), EntryName.of(row.getString("name")),
                EntryKind.fromProtoNumber(row.getInt("kind")),
                owner == null ? Optional.empty() : Optional.of(EntryId.parse(owner)),
                instant(row.getLong("created_at")), instant(row.getLong("updated_at")),
                Optional.ofNullable(row.getString("default_blueprint")));
    }

    private static void setNullable(PreparedStatement statement, int index, Optional<String> value)
            throws SQLException {
        if (value.isPresent()) {
            statement.setString(index, value.get());
        } else {
            statement.setNull(index, Types.VARCHAR);
        }
    }

    static CatalogException notFound(EntryId id) {
        return CatalogException.notFound("no catalog entry with id " + id);
    }

    private static CatalogException takenName(EntryName name) {
        return CatalogException.alreadyExists("an entry named '" + name + "' already exists");
    }
}
