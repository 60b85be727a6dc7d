package dev.reel.catalog.internal;

import static dev.reel.catalog.internal.JdbcValues.instant;

import dev.reel.api.ChunkId;
import dev.reel.api.EntryId;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.Tuid;
import dev.reel.catalog.internal.CatalogRecords.ChunkRecord;
import dev.reel.catalog.internal.CatalogRecords.ChunkSelection;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import dev.reel.catalog.internal.CatalogRecords.SelectedChunk;
import dev.reel.catalog.internal.CatalogRecords.SourceFile;
import dev.reel.catalog.internal.CatalogRecords.TimePoint;
import dev.reel.catalog.internal.CatalogRecords.TimelineRange;
import dev.reel.catalog.internal.CatalogRecords.TimelineSpan;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the chunks a {@link ChunkSelection} wants (rerun-data-platform.md B.2), as a superset the reader narrows:
 * static chunks of the selected entities whenever static data is included; temporal chunks when there is no time
 * condition, or when they have data at or before the latest-at time on its timeline, or when their range on the
 * range's timeline meets it (the two are OR'ed).
 */
final class ChunkSelector {
    private static final String COLUMNS = "l.segment_id, l.layer_name, l.registered_at, l.storage_url, l.file_path, "
            + "l.file_size, l.file_modified, l.file_sha256, c.layer_key, c.chunk_index, c.chunk_id, c.entity_path, "
            + "c.is_static, c.byte_offset, c.byte_size, c.num_rows, t.timeline, t.time_type, t.min_time, t.max_time";

    // Looked up by chunk_timelines' key (layer_key, chunk_index, timeline), for each candidate chunk.
    private static final String HAS_DATA_UP_TO = "EXISTS (SELECT 1 FROM chunk_timelines ct WHERE "
            + "ct.layer_key = c.layer_key AND ct.chunk_index = c.chunk_index AND ct.timeline = ? AND ct.min_time <= ?)";
    private static final String MEETS_RANGE = "EXISTS (SELECT 1 FROM chunk_timelines ct WHERE "
            + "ct.layer_key = c.layer_key AND ct.chunk_index = c.chunk_index AND ct.timeline = ? "
            + "AND ct.min_time <= ? AND ct.max_time >= ?)";

    /** By segment, then the layer (registration time, then name), then where the chunk lies in its file. */
    private static final Comparator<Found> ORDER = Comparator.comparing((Found f) -> f.layer().segment())
            .thenComparingLong(Found::registeredAt).thenComparing(f -> f.layer().layer())
            .thenComparingLong(f -> f.chunk().byteOffset()).thenComparingInt(Found::index);

    private ChunkSelector() {}

    static List<SelectedChunk> select(Connection connection, EntryId dataset, ChunkSelection selection)
            throws SQLException {
        EntryTable.require(connection, dataset);
        if (!selection.includeStatic() && !selection.includeTemporal()) {
            return List.of();
        }
        Map<ChunkKey, Found> found = new LinkedHashMap<>();
        List<String> entityPaths = List.copyOf(selection.entityPaths());
        for (List<String> segments : JdbcValues.slices(selection.segments().stream().map(SegmentId::value).toList())) {
            for (List<String> entities : JdbcValues.slices(entityPaths)) {
                query(connection, dataset, selection, segments, entities, found);
            }
        }
        List<Found> ordered = new ArrayList<>(found.values());
        ordered.sort(ORDER);
        return ordered.stream().map(Found::selected).toList();
    }

    private static void query(Connection connection, EntryId dataset, ChunkSelection selection, List<String> segments,
            List<String> entities, Map<ChunkKey, Found> found) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM layers l ")
                .append("JOIN chunks c ON c.layer_key = l.layer_key ")
                .append("LEFT JOIN chunk_timelines t ON t.layer_key = c.layer_key AND t.chunk_index = c.chunk_index ")
                .append("WHERE l.dataset_id = ?");
        if (!segments.isEmpty()) {
            sql.append(" AND ").append(JdbcValues.in("l.segment_id", segments.size()));
        }
        if (!entities.isEmpty()) {
            sql.append(" AND ").append(JdbcValues.in("c.entity_path", entities.size()));
        }
        String temporal = temporalCondition(selection.latestAt(), selection.range());
        if (!selection.includeTemporal()) {
            sql.append(" AND c.is_static = TRUE");
        } else if (!selection.includeStatic()) {
            sql.append(" AND c.is_static = FALSE").append(temporal.isEmpty() ? "" : " AND " + temporal);
        } else if (!temporal.isEmpty()) {
            sql.append(" AND (c.is_static = TRUE OR ").append(temporal).append(")");
        }
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            select.setString(1, dataset.toString());
            int next = JdbcValues.setStrings(select, JdbcValues.setStrings(select, 2, segments), entities);
            if (selection.includeTemporal()) {
                setTimeParameters(select, next, selection.latestAt(), selection.range());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ChunkKey key = new ChunkKey(rows.getLong(9), rows.getInt(10));
                    Found chunk = found.get(key);
                    if (chunk == null) {
                        chunk = Found.of(rows);
                        found.put(key, chunk);
                    }
                    if (rows.getString(17) != null) {
                        chunk.timelines().add(LayerReader.timeline(rows, 17));
                    }
                }
            }
        }
    }

    /** The SQL a temporal chunk must meet, empty for none: latest-at OR range. */
    private static String temporalCondition(Optional<TimePoint> latestAt, Optional<TimelineSpan> range) {
        List<String> conditions = new ArrayList<>();
        latestAt.ifPresent(point -> conditions.add(HAS_DATA_UP_TO));
        range.ifPresent(span -> conditions.add(MEETS_RANGE));
        return conditions.isEmpty() ? "" : "(" + String.join(" OR ", conditions) + ")";
    }

    private static void setTimeParameters(PreparedStatement select, int first, Optional<TimePoint> latestAt,
            Optional<TimelineSpan> range) throws SQLException {
        int next = first;
        if (latestAt.isPresent()) {
            select.setString(next++, latestAt.get().timeline());
            select.setLong(next++, latestAt.get().at());
        }
        if (range.isPresent()) {
            select.setString(next++, range.get().timeline());
            select.setLong(next++, range.get().max());
            select.setLong(next, range.get().min());
        }
    }

    private record ChunkKey(long layerKey, int index) {}

    /** A chunk as read, collecting its timelines from the rows that follow. */
    private record Found(SegmentLayer layer, long registeredAt, String storageUrl, SourceFile file, int index,
            ChunkRecord chunk, List<TimelineRange> timelines) {
        static Found of(ResultSet row) throws SQLException {
            SegmentLayer layer = new SegmentLayer(SegmentId.of(row.getString(1)), new LayerName(row.getString(2)));
            SourceFile file = new SourceFile(Path.of(row.getString(5)), row.getLong(6), instant(row.getLong(7)),
                    row.getString(8));
            ChunkRecord chunk = new ChunkRecord(new ChunkId(Tuid.fromBytes(row.getBytes(11))), row.getString(12),
                    row.getBoolean(13), row.getLong(14), row.getLong(15), row.getLong(16), List.of());
            return new Found(layer, row.getLong(3), row.getString(4), file, row.getInt(10), chunk, new ArrayList<>());
        }

        SelectedChunk selected() {
            timelines.sort(Comparator.comparing(TimelineRange::timeline));
            ChunkRecord withTimelines = new ChunkRecord(chunk.id(), chunk.entityPath(), chunk.isStatic(),
                    chunk.byteOffset(), chunk.byteSize(), chunk.numRows(), timelines);
            return new SelectedChunk(layer, storageUrl, file, withTimelines);
        }
    }
}
