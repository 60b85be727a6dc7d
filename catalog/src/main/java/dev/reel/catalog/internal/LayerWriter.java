package dev.reel.catalog.internal;

import static dev.reel.catalog.internal.JdbcValues.nanos;

import dev.reel.api.EntryId;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.internal.CatalogRecords.ChunkRecord;
import dev.reel.catalog.internal.CatalogRecords.LayerRecord;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import dev.reel.catalog.internal.CatalogRecords.TimelineRange;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes a dataset's layers: registration ({@link #put}) and Rerun's product-filter unregister. */
final class LayerWriter {
    /** Rows per executed batch: bounds the driver's memory for a registration of 10,000 files. */
    private static final int BATCH_ROWS = 2_000;

    private LayerWriter() {}

    /** A layer as stored: its key for the rows below it, and when it was first registered. */
    record StoredLayer(SegmentLayer id, long key, long registeredAt) {}

    static void put(Connection connection, EntryId dataset, List<LayerRecord> layers, Instant now)
            throws SQLException {
        Set<SegmentLayer> ids = new HashSet<>();
        for (LayerRecord layer : layers) {
            if (!layer.dataset().equals(dataset)) {
                throw CatalogException.badRequest("layer " + describe(layer.id()) + " belongs to dataset "
                        + layer.dataset() + ", not " + dataset);
            }
            if (!ids.add(layer.id())) {
                throw CatalogException.badRequest("layer " + describe(layer.id()) + " is given twice");
            }
        }
        EntryTable.lock(connection, dataset);
        if (layers.isEmpty()) {
            return;
        }
        Map<SegmentLayer, StoredLayer> replaced = new HashMap<>();
        for (StoredLayer stored : LayerReader.stored(connection, dataset, ids)) {
            replaced.put(stored.id(), stored);
        }
        delete(connection, replaced.values());

        Map<ByteBuffer, List<SchemaColumn>> columnSets = new LinkedHashMap<>();
        List<ByteBuffer> digests = new ArrayList<>(layers.size());
        for (LayerRecord layer : layers) {
            ByteBuffer digest = ColumnSets.digest(layer.columns());
            columnSets.putIfAbsent(digest, layer.columns());
            digests.add(digest);
        }
        ColumnSets.add(connection, dataset, columnSets);

        long[] keys = insertLayers(connection, layers, digests, replaced);
        insertRows(connection, layers, keys);
        if (!replaced.isEmpty()) {
            ColumnSets.removeUnused(connection, dataset);
        }
        EntryTable.touch(connection, dataset, now);
    }

    /** Inserts the layer rows; returns each layer's generated key, in order. */
    private static long[] insertLayers(Connection connection, List<LayerRecord> layers, List<ByteBuffer> digests,
            Map<SegmentLayer, StoredLayer> replaced) throws SQLException {
        long[] keys = new long[layers.size()];
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO layers (dataset_id, segment_id, "
                + "layer_name, storage_url, file_path, file_size, file_modified, file_sha256, num_chunks, size_bytes, "
                + "schema_sha256, column_set, registered_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"layer_key"})) {
            int batched = 0;
            int keyed = 0;
            for (int i = 0; i < layers.size(); i++) {
                LayerRecord layer = layers.get(i);
                StoredLayer previous = replaced.get(layer.id());
                insert.setString(1, layer.dataset().toString());
                insert.setString(2, layer.id().segment().value());
                insert.setString(3, layer.id().layer().value());
                insert.setString(4, layer.storageUrl());
                insert.setString(5, layer.file().path().toString());
                insert.setLong(6, layer.file().size());
                insert.setLong(7, nanos(layer.file().modified()));
                insert.setString(8, layer.file().sha256());
                insert.setLong(9, layer.numChunks());
                insert.setLong(10, layer.sizeBytes());
                insert.setBytes(11, layer.schemaSha256());
                insert.setBytes(12, ColumnSets.bytes(digests.get(i)));
                // a replaced layer keeps the time it was first registered (Rerun's layer order)
                insert.setLong(13, previous != null ? previous.registeredAt() : nanos(layer.registeredAt()));
                insert.setLong(14, nanos(layer.updatedAt()));
                insert.addBatch();
                if (++batched == BATCH_ROWS || i == layers.size() - 1) {
                    insert.executeBatch();
                    batched = 0;
                    try (ResultSet generated = insert.getGeneratedKeys()) {
                        while (generated.next()) {
                            keys[keyed++] = generated.getLong(1);
                        }
                    }
                }
            }
            if (keyed != layers.size()) {
                throw new SQLException("the database returned " + keyed + " generated keys for " + layers.size()
                        + " layers");
            }
        }
        return keys;
    }

    /** Inserts the layers' timelines, chunks and chunk timelines. */
    private static void insertRows(Connection connection, List<LayerRecord> layers, long[] keys)
            throws SQLException {
        try (Batch timelines = new Batch(connection, "INSERT INTO layer_timelines (layer_key, timeline, time_type, "
                        + "min_time, max_time) VALUES (?, ?, ?, ?, ?)");
                Batch chunks = new Batch(connection, "INSERT INTO chunks (layer_key, chunk_index, chunk_id, "
                        + "entity_path, is_static, byte_offset, byte_size, num_rows) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                Batch chunkTimelines = new Batch(connection, "INSERT INTO chunk_timelines (layer_key, chunk_index, "
                        + "timeline, time_type, min_time, max_time) VALUES (?, ?, ?, ?, ?, ?)", chunks)) {
            for (int i = 0; i < layers.size(); i++) {
                LayerRecord layer = layers.get(i);
                long key = keys[i];
                for (TimelineRange timeline : layer.timelines()) {
                    PreparedStatement row = timelines.row();
                    row.setLong(1, key);
                    setTimeline(row, 2, timeline);
                    timelines.add();
                }
                List<ChunkRecord> layerChunks = layer.chunks();
                for (int index = 0; index < layerChunks.size(); index++) {
                    ChunkRecord chunk = layerChunks.get(index);
                    PreparedStatement row = chunks.row();
                    row.setLong(1, key);
                    row.setInt(2, index);
                    row.setBytes(3, chunk.id().tuid().toBytes());
                    row.setString(4, chunk.entityPath());
                    row.setBoolean(5, chunk.isStatic());
                    row.setLong(6, chunk.byteOffset());
                    row.setLong(7, chunk.byteSize());
                    row.setLong(8, chunk.numRows());
                    chunks.add();
                    for (TimelineRange timeline : chunk.timelines()) {
                        PreparedStatement timelineRow = chunkTimelines.row();
                        timelineRow.setLong(1, key);
                        timelineRow.setInt(2, index);
                        setTimeline(timelineRow, 3, timeline);
                        chunkTimelines.add();
                    }
                }
            }
        }
    }

    private static void setTimeline(PreparedStatement row, int first, TimelineRange timeline) throws SQLException {
        row.setString(first, timeline.timeline());
        row.setString(first + 1, timeline.type().displayName());
        row.setLong(first + 2, timeline.min());
        row.setLong(first + 3, timeline.max());
    }

    /**
     * Rerun's product filter: only layers → those layers of every segment; only segments → every layer of those;
     * both → each listed layer of each listed segment. Returns what was removed, by segment then layer.
     */
    static List<SegmentLayer> unregister(Connection connection, EntryId dataset, Set<SegmentId> segments,
            Set<LayerName> layers, Instant now) throws SQLException {
        if (segments.isEmpty() && layers.isEmpty()) {
            throw CatalogException.badRequest("unregister needs at least one segment id or layer name");
        }
        EntryTable.lock(connection, dataset);
        List<StoredLayer> removed = LayerReader.matching(connection, dataset, segments, layers);
        if (removed.isEmpty()) {
            return List.of();
        }
        delete(connection, removed);
        ColumnSets.removeUnused(connection, dataset);
        EntryTable.touch(connection, dataset, now);
        return removed.stream().map(StoredLayer::id)
                .sorted(Comparator.comparing(SegmentLayer::segment).thenComparing(SegmentLayer::layer))
                .toList();
    }

    /** Deletes layers; the schema's cascades take their timelines, chunks and chunk timelines. */
    private static void delete(Connection connection, Iterable<StoredLayer> layers) throws SQLException {
        try (Batch delete = new Batch(connection, "DELETE FROM layers WHERE layer_key = ?")) {
            for (StoredLayer layer : layers) {
                delete.row().setLong(1, layer.key());
                delete.add();
            }
        }
    }

    private static String describe(SegmentLayer id) {
        return "(segment '" + id.segment() + "', layer '" + id.layer() + "')";
    }

    /**
     * A prepared statement run in batches of {@link #BATCH_ROWS}; closing runs what is left. Rows that reference
     * another batch's rows name it as their parent, which runs first.
     */
    private static final class Batch implements AutoCloseable {
        private final PreparedStatement statement;
        private final Batch parent;
        private int rows;

        Batch(Connection connection, String sql) throws SQLException {
            this(connection, sql, null);
        }

        Batch(Connection connection, String sql, Batch parent) throws SQLException {
            this.statement = connection.prepareStatement(sql);
            this.parent = parent;
        }

        PreparedStatement row() {
            return statement;
        }

        /** Adds the row set on {@link #row()}. */
        void add() throws SQLException {
            statement.addBatch();
            if (++rows == BATCH_ROWS) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (parent != null) {
                parent.flush();
            }
            if (rows > 0) {
                statement.executeBatch();
                rows = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try (statement) {
                flush();
            }
        }
    }
}
