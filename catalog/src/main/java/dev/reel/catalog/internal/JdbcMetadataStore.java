package dev.reel.catalog.internal;

import static java.util.Objects.requireNonNull;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.catalog.Entry;
import dev.reel.catalog.internal.CatalogRecords.ChunkSelection;
import dev.reel.catalog.internal.CatalogRecords.LayerRecord;
import dev.reel.catalog.internal.CatalogRecords.SchemaColumn;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import dev.reel.catalog.internal.CatalogRecords.SelectedChunk;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link MetadataStore} over JDBC, one implementation for embedded H2 (a file database in a folder) and for
 * PostgreSQL: the same schema ({@code db/V1__catalog.sql}, applied by Flyway) and the same portable SQL. Each
 * method is one transaction on {@link MetadataDatabase}; the SQL lives in {@link EntryTable},
 * {@link LayerWriter}, {@link LayerReader}, {@link ColumnSets} and {@link ChunkSelector}.
 */
final class JdbcMetadataStore implements MetadataStore {
    private final MetadataDatabase database;

    private JdbcMetadataStore(MetadataDatabase database) {
        this.database = database;
    }

    /** Opens (creating or migrating) the store at {@code location}. */
    static JdbcMetadataStore open(MetadataStoreLocation location) {
        return new JdbcMetadataStore(MetadataDatabase.open(location));
    }

    MetadataStoreLocation location() {
        return database.location();
    }

    @Override
    public void createEntries(List<Entry> entries) {
        List<Entry> copy = List.copyOf(entries);
        database.write("create entries", c -> {
            EntryTable.create(c, copy);
            return null;
        });
    }

    @Override
    public Optional<Entry> entry(EntryId id) {
        requireNonNull(id, "id is null");
        return database.read("read an entry", c -> EntryTable.find(c, id));
    }

    @Override
    public Optional<Entry> entry(EntryName name) {
        requireNonNull(name, "name is null");
        return database.read("read an entry", c -> EntryTable.find(c, name));
    }

    @Override
    public List<Entry> entries() {
        return database.read("list entries", EntryTable::all);
    }

    @Override
    public CatalogRecords.Totals totals() {
        return database.read("count the catalog", LayerReader::totals);
    }

    @Override
    public Entry rename(EntryId id, EntryName name, Instant now) {
        requireNonNull(name, "name is null");
        return database.write("rename an entry", c -> EntryTable.rename(c, id, name, now));
    }

    @Override
    public List<EntryId> delete(EntryId id) {
        return database.write("delete an entry", c -> EntryTable.delete(c, id));
    }

    @Override
    public Entry setDefaultBlueprint(EntryId dataset, Optional<String> segment, Instant now) {
        requireNonNull(segment, "segment is null");
        return database.write("set a default blueprint", c -> EntryTable.setDefaultBlueprint(c, dataset, segment, now));
    }

    @Override
    public Set<SegmentLayer> existing(EntryId dataset, Collection<SegmentLayer> layers) {
        List<SegmentLayer> copy = List.copyOf(layers);
        return database.read("look up layers", c -> LayerReader.existing(c, dataset, copy));
    }

    @Override
    public void putLayers(EntryId dataset, List<LayerRecord> layers, Instant now) {
        List<LayerRecord> copy = List.copyOf(layers);
        requireNonNull(now, "now is null");
        database.write("register layers", c -> {
            LayerWriter.put(c, dataset, copy, now);
            return null;
        });
    }

    @Override
    public List<SegmentLayer> unregister(EntryId dataset, Set<SegmentId> segments, Set<LayerName> layers,
            Instant now) {
        Set<SegmentId> segmentCopy = Set.copyOf(segments);
        Set<LayerName> layerCopy = Set.copyOf(layers);
        return database.write("unregister layers", c -> LayerWriter.unregister(c, dataset, segmentCopy, layerCopy, now));
    }

    @Override
    public List<LayerRecord> layers(EntryId dataset) {
        return database.read("list layers", c -> LayerReader.layers(c, dataset, Optional.empty()));
    }

    @Override
    public List<LayerRecord> layers(EntryId dataset, Set<SegmentId> segments) {
        Set<SegmentId> copy = Set.copyOf(segments);
        return database.read("list layers", c -> LayerReader.layers(c, dataset, Optional.of(copy)));
    }

    @Override
    public List<SchemaColumn> columns(EntryId dataset) {
        return database.read("list schema columns", c -> {
            EntryTable.require(c, dataset);
            return ColumnSets.distinct(c, dataset);
        });
    }

    @Override
    public List<SelectedChunk> chunks(EntryId dataset, ChunkSelection selection) {
        requireNonNull(selection, "selection is null");
        return database.read("select chunks", c -> ChunkSelector.select(c, dataset, selection));
    }

    @Override
    public void close() {
        database.close();
    }
}
