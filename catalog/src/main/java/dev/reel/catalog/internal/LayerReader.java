package dev.reel.catalog.internal;

import static dev.reel.catalog.internal.JdbcValues.instant;

import dev.reel.api.EntryId;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.TimeType;
import dev.reel.catalog.EntryKind;
import dev.reel.catalog.internal.CatalogRecords.LayerRecord;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import dev.reel.catalog.internal.CatalogRecords.SourceFile;
import dev.reel.catalog.internal.CatalogRecords.TimelineRange;
import dev.reel.catalog.internal.LayerWriter.StoredLayer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a dataset's layers: which exist, and each with its timelines and columns. */
final class LayerReader {
    private static final String LAYER_COLUMNS = "l.layer_key, l.segment_id, l.layer_name, l.storage_url, "
            + "l.file_path, l.file_size, l.file_modified, l.file_sha256, l.num_chunks, l.size_bytes, l.schema_sha256, "
            + "l.column_set, l.registered_at, l.updated_at";

    /** Rerun's order of a dataset's layers: by segment, then registration time, then layer name. */
    static final Comparator<LayerRecord> ORDER = Comparator.comparing((LayerRecord l) -> l.id().segment())
            .thenComparing(LayerRecord::registeredAt).thenComparing(l -> l.id().layer());

    private LayerReader() {}

    /** Which of {@code ids} the dataset has. */
    static Set<SegmentLayer> existing(Connection connection, EntryId dataset, Collection<SegmentLayer> ids)
            throws SQLException {
        EntryTable.require(connection, dataset);
        return stored(connection, dataset, ids).stream().map(StoredLayer::id).collect(Collectors.toSet());
    }

    /** The stored layers among {@code ids}. */
    static List<StoredLayer> stored(Connection connection, EntryId dataset, Collection<SegmentLayer> ids)
            throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<SegmentLayer> wanted = new HashSet<>(ids);
        Set<SegmentId> segments = wanted.stream().map(SegmentLayer::segment).collect(Collectors.toSet());
        Set<LayerName> layers = wanted.stream().map(SegmentLayer::layer).collect(Collectors.toSet());
        return matching(connection, dataset, segments, layers).stream().filter(l -> wanted.contains(l.id())).toList();
    }

    /** The layers of the listed segments (all when none are listed) with the listed names (any when none are). */
    static List<StoredLayer> matching(Connection connection, EntryId dataset, Set<SegmentId> segments,
            Set<LayerName> layers) throws SQLException {
        List<StoredLayer> found = new ArrayList<>();
        List<String> layerNames = layers.stream().map(LayerName::value).toList();
        for (List<String> segmentSlice : JdbcValues.slices(segments.stream().map(SegmentId::value).toList())) {
            for (List<String> layerSlice : JdbcValues.slices(layerNames)) {
                String sql = "SELECT segment_id, layer_name, layer_key, registered_at FROM layers WHERE dataset_id = ?"
                        + (segmentSlice.isEmpty() ? "" : " AND " + JdbcValues.in("segment_id", segmentSlice.size()))
                        + (layerSlice.isEmpty() ? "" : " AND " + JdbcValues.in("layer_name", layerSlice.size()));
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    select.setString(1, dataset.toString());
                    JdbcValues.setStrings(select, JdbcValues.setStrings(select, 2, segmentSlice), layerSlice);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.add(new StoredLayer(new SegmentLayer(SegmentId.of(rows.getString(1)),
                                    new LayerName(rows.getString(2))), rows.getLong(3), rows.getLong(4)));
                        }
                    }
                }
            }
        }
        return found;
    }

    /**
     * The layers of the given segments, or of all when {@code segments} is empty, without their chunks, in
     * {@link #ORDER}.
     */
    static List<LayerRecord> layers(Connection connection, EntryId dataset, Optional<Set<SegmentId>> segments)
            throws SQLException {
        EntryTable.require(connection, dataset);
        if (segments.isPresent() && segments.get().isEmpty()) {
            return List.of();
        }
        List<String> segmentIds = segments.map(s -> s.stream().map(SegmentId::value).toList()).orElse(List.of());
        Map<Long, LayerRow> rows = new LinkedHashMap<>();
        Map<Long, List<TimelineRange>> timelines = new HashMap<>();
        for (List<String> slice : JdbcValues.slices(segmentIds)) {
            String where = " WHERE l.dataset_id = ?"
                    + (slice.isEmpty() ? "" : " AND " + JdbcValues.in("l.segment_id", slice.size()));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + LAYER_COLUMNS + " FROM layers l" + where)) {
                select.setString(1, dataset.toString());
                JdbcValues.setStrings(select, 2, slice);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        LayerRow row = LayerRow.of(result);
                        rows.put(row.key(), row);
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT t.layer_key, t.timeline, t.time_type, "
                    + "t.min_time, t.max_time FROM layer_timelines t JOIN layers l ON l.layer_key = t.layer_key"
                    + where)) {
                select.setString(1, dataset.toString());
                JdbcValues.setStrings(select, 2, slice);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        timelines.computeIfAbsent(result.getLong(1), k -> new ArrayList<>())
                                .add(timeline(result, 2));
                    }
                }
            }
        }
        Map<ByteBuffer, List<SchemaColumn>> columns = ColumnSets.read(connection, dataset,
                rows.values().stream().map(LayerRow::columnSet).toList());
        List<LayerRecord> layers = new ArrayList<>(rows.size());
        for (LayerRow row : rows.values()) {
            List<TimelineRange> layerTimelines = timelines.getOrDefault(row.key(), new ArrayList<>());
            layerTimelines.sort(Comparator.comparing(TimelineRange::timeline));
            layers.add(row.record(dataset, layerTimelines, columns.getOrDefault(row.columnSet(), List.of())));
        }
        layers.sort(ORDER);
        return layers;
    }

    /** A timeline range from four columns: name, type, min, max. */
    static TimelineRange timeline(ResultSet row, int first) throws SQLException {
        return new TimelineRange(row.getString(first), TimeType.fromDisplayName(row.getString(first + 1)),
                row.getLong(first + 2), row.getLong(first + 3));
    }

    /** A {@code layers} row as read, before its timelines and columns join it. */
    private record LayerRow(long key, SegmentLayer id, String storageUrl, SourceFile file, long numChunks,
            long sizeBytes, byte[] schemaSha256, ByteBuffer columnSet, long registeredAt, long updatedAt) {
        static LayerRow of(ResultSet row) throws SQLException {
            return new LayerRow(row.getLong(1),
                    new SegmentLayer(SegmentId.of(row.getString(2)), new LayerName(row.getString(3))),
                    row.getString(4), new SourceFile(Path.of(row.getString(5)), row.getLong(6),
                            instant(row.getLong(7)), row.getString(8)),
                    row.getLong(9), row.getLong(10), row.getBytes(11), ByteBuffer.wrap(row.getBytes(12)),
                    row.getLong(13), row.getLong(14));
        }

        LayerRecord record(EntryId dataset, List<TimelineRange> timelines, List<SchemaColumn> columns) {
            return new LayerRecord(dataset, id, storageUrl, file, numChunks, sizeBytes, schemaSha256,
                    instant(registeredAt), instant(updatedAt), timelines, columns, List.of());
        }
    }

    /** Counts what the catalog's datasets hold (DATASET entries: the blueprint datasets they own are left out). */
    static CatalogRecords.Totals totals(Connection connection) throws SQLException {
        String visible = "FROM layers l JOIN entries e ON e.id = l.dataset_id WHERE e.kind = "
                + EntryKind.DATASET.protoNumber();
        String sql = "SELECT (SELECT COUNT(*) FROM entries WHERE kind = " + EntryKind.DATASET.protoNumber() + "), "
                + "(SELECT COUNT(*) FROM (SELECT DISTINCT l.dataset_id, l.segment_id " + visible + ") s), "
                + "COUNT(*), COALESCE(SUM(l.num_chunks), 0), COALESCE(SUM(l.size_bytes), 0) " + visible;
        try (PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
            row.next();
            return new CatalogRecords.Totals(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4),
                    row.getLong(5));
        }
    }
}
