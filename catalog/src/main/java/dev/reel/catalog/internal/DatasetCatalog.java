package dev.reel.catalog.internal;

import dev.reel.api.EntryId;
import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.StoreId;
import dev.reel.api.StoreKind;
import dev.reel.api.TimeType;
import dev.reel.api.log.LogMsg;
import dev.reel.api.spi.RecordingEncoder;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.ChunkQuery;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import dev.reel.catalog.OnDuplicate;
import dev.reel.catalog.Registration;
import dev.reel.catalog.internal.CatalogRecords.ChunkRecord;
import dev.reel.catalog.internal.CatalogRecords.ChunkSelection;
import dev.reel.catalog.internal.CatalogRecords.LayerRecord;
import dev.reel.catalog.internal.CatalogRecords.SegmentLayer;
import dev.reel.catalog.internal.CatalogRecords.SelectedChunk;
import dev.reel.catalog.internal.CatalogRecords.TimePoint;
import dev.reel.catalog.internal.CatalogRecords.TimelineSpan;
import dev.reel.store.DataframeQuery;
import dev.reel.store.ExportRequest;
import dev.reel.store.StoreHub;
import dev.reel.store.StoreSnapshot;
import dev.reel.rrd.RrdFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Catalog}: entries and layers in the {@link MetadataStore}, registration by the {@link Registrar},
 * reads by byte range through the {@link SegmentReader}, Arrow tables in {@link ArrowTables}.
 */
final class DatasetCatalog implements Catalog {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetCatalog.class);

    private final MetadataStore store;
    private final Registrar registrar;
    private final SegmentReader reader;
    private final ArrowTables tables;
    private final BufferAllocator allocator;
    private final Clock clock;

    DatasetCatalog(MetadataStore store, Registrar registrar, SegmentReader reader, ArrowTables tables,
            BufferAllocator allocator, Clock clock) {
        this.store = store;
        this.registrar = registrar;
        this.reader = reader;
        this.tables = tables;
        this.allocator = allocator;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------- entries

    @Override
    public Entry createDataset(EntryName name) {
        checkName(name);
        Instant now = clock.instant();
        EntryId id = EntryId.next();
        Entry dataset = new Entry(id, name, EntryKind.DATASET, Optional.empty(), now, now, Optional.empty());
        Entry blueprints = new Entry(EntryId.next(), EntryName.blueprintDatasetFor(id), EntryKind.BLUEPRINT_DATASET,
                Optional.of(id), now, now, Optional.empty());
        store.createEntries(List.of(dataset, blueprints));
        LOG.info("created dataset '{}' ({})", name, id);
        return dataset;
    }

    @Override
    public Entry createTable(EntryName name, Schema schema) {
        checkName(name);
        Instant now = clock.instant();
        Entry table = new Entry(EntryId.next(), name, EntryKind.TABLE, Optional.empty(), now, now, Optional.empty());
        tables.create(table.id(), schema, allocator);
        try {
            store.createEntries(List.of(table));
        } catch (RuntimeException e) {
            tables.drop(table.id());
            throw e;
        }
        return table;
    }

    /** Entry names ending in {@code __manifest} are reserved (A.1); hidden names are the catalog's own. */
    private static void checkName(EntryName name) {
        if (name.isHidden() || name.value().endsWith("__manifest")) {
            throw CatalogException.badRequest("entry name '" + name + "' is reserved: names starting with '__' or "
                    + "ending in '__manifest' are the catalog's own");
        }
    }

    @Override
    public Optional<Entry> entry(EntryId id) {
        return store.entry(id);
    }

    @Override
    public Optional<Entry> entry(EntryName name) {
        return store.entry(name);
    }

    @Override
    public List<Entry> entries(Set<EntryKind> kinds, boolean includeHidden) {
        return store.entries().stream()
                .filter(e -> kinds.isEmpty() || kinds.contains(e.kind()))
                .filter(e -> includeHidden || !e.isHidden())
                .toList();
    }

    @Override
    public Entry rename(EntryId id, EntryName name) {
        Entry entry = existing(id);
        if (entry.isHidden()) {
            throw CatalogException.badRequest("'" + entry.name() + "' is the catalog's own and keeps its name");
        }
        checkName(name);
        return store.rename(id, name, clock.instant());
    }

    @Override
    public void delete(EntryId id) {
        Entry entry = existing(id);
        if (entry.owner().isPresent()) {
            throw CatalogException.badRequest("'" + entry.name() + "' belongs to another entry: delete that one");
        }
        for (EntryId deleted : store.delete(id)) {
            tables.drop(deleted);
        }
        LOG.info("deleted {} '{}' ({})", entry.kind(), entry.name(), id);
    }

    private Entry existing(EntryId id) {
        return store.entry(id).orElseThrow(() -> CatalogException.notFound("no entry " + id));
    }

    private Entry dataset(EntryId id) {
        Entry entry = existing(id);
        if (!entry.kind().isDataset()) {
            throw CatalogException.badRequest("'" + entry.name() + "' is a " + entry.kind() + ", not a dataset");
        }
        return entry;
    }

    // -------------------------------------------------------------------------------------- registration

    @Override
    public List<Registration> register(EntryId dataset, List<DataSource> sources, OnDuplicate onDuplicate,
            Consumer<Registration> progress) {
        if (sources.isEmpty()) {
            throw CatalogException.badRequest("nothing to register: give at least one source");
        }
        return registrar.register(dataset(dataset), sources, onDuplicate, progress);
    }

    @Override
    public List<Registration> registerUpload(EntryId dataset, InputStream recording, String fileName,
            LayerName layer, OnDuplicate onDuplicate) {
        return registrar.registerUpload(dataset(dataset), recording, fileName, layer, onDuplicate);
    }

    @Override
    public int unregister(EntryId dataset, Set<SegmentId> segments, Set<LayerName> layers) {
        dataset(dataset);
        if (segments.isEmpty() && layers.isEmpty()) {
            throw CatalogException.badRequest("must specify at least 1 segment ID or layer for removal");
        }
        return store.unregister(dataset, segments, layers, clock.instant()).size();
    }

    @Override
    public Registration registerBlueprint(EntryId dataset, DataSource source, boolean makeDefault) {
        Entry blueprints = Registrar.blueprintDatasetOf(store, dataset(dataset));
        return madeDefault(dataset, source.location(),
                registrar.register(blueprints, List.of(source), OnDuplicate.REPLACE, null), makeDefault);
    }

    @Override
    public Registration registerBlueprint(EntryId dataset, InputStream blueprint, String fileName,
            boolean makeDefault) {
        Entry blueprints = Registrar.blueprintDatasetOf(store, dataset(dataset));
        return madeDefault(dataset, fileName,
                registrar.registerUpload(blueprints, blueprint, fileName, LayerName.BASE, OnDuplicate.REPLACE),
                makeDefault);
    }

    /** The one blueprint a registration made, made the default when asked. */
    private Registration madeDefault(EntryId dataset, String source, List<Registration> rows, boolean makeDefault) {
        if (rows.isEmpty()) {
            throw CatalogException.badRequest(source + " holds no blueprint");
        }
        Registration first = rows.get(0);
        if (rows.size() != 1 || first.failed()) {
            throw CatalogException.badRequest(first.failed() ? first.error().orElse("blueprint registration failed")
                    : source + " holds " + rows.size() + " blueprints; register one at a time");
        }
        if (makeDefault) {
            setDefaultBlueprint(dataset, first.segment());
        }
        return first;
    }

    @Override
    public Entry setDefaultBlueprint(EntryId dataset, Optional<SegmentId> blueprint) {
        Entry blueprints = Registrar.blueprintDatasetOf(store, dataset(dataset));
        if (blueprint.isPresent() && store.layers(blueprints.id(), Set.of(blueprint.get())).isEmpty()) {
            throw CatalogException.notFound("the blueprint dataset of this dataset has no blueprint '"
                    + blueprint.get() + "'");
        }
        return store.setDefaultBlueprint(dataset, blueprint.map(SegmentId::value), clock.instant());
    }

    // -------------------------------------------------------------------------------------------- reading

    @Override
    public VectorSchemaRoot segmentTable(EntryId dataset, BufferAllocator target) {
        dataset(dataset);
        return CatalogTables.segmentTable(store.layers(dataset), target);
    }

    @Override
    public VectorSchemaRoot manifest(EntryId dataset, BufferAllocator target) {
        dataset(dataset);
        return CatalogTables.manifest(store.layers(dataset), target);
    }

    @Override
    public Schema datasetSchema(EntryId dataset) {
        dataset(dataset);
        Map<String, TimeType> timelines = new HashMap<>();
        for (LayerRecord layer : store.layers(dataset)) {
            layer.timelines().forEach(t -> timelines.putIfAbsent(t.timeline(), t.type()));
        }
        return SchemaColumns.schema(timelines, store.columns(dataset));
    }

    @Override
    public VectorSchemaRoot query(EntryId dataset, ChunkQuery query, BufferAllocator target) {
        dataset(dataset);
        return CatalogTables.chunkDescriptors(dataset, store.chunks(dataset, selection(query)), target);
    }

    private static ChunkSelection selection(ChunkQuery query) {
        return new ChunkSelection(query.segments(), query.entityPaths(), query.includeStatic(),
                query.includeTemporal(), query.latestAt().map(l -> new TimePoint(l.timeline(), l.at())),
                query.range().map(r -> new TimelineSpan(r.timeline(), r.min(), r.max())));
    }

    @Override
    public void fetch(EntryId dataset, List<byte[]> chunkKeys, BufferAllocator target, Consumer<LogMsg> sink) {
        List<ChunkKeys.Key> keys = chunkKeys.stream().map(ChunkKeys::decode).toList();
        for (ChunkKeys.Key key : keys) {
            if (!key.dataset().equals(dataset)) {
                throw CatalogException.badRequest("chunk key of chunk " + key.chunkId() + " is of another dataset ("
                        + key.dataset() + ")");
            }
        }
        fetchKeys(dataset, keys, target, sink);
    }

    @Override
    public void fetch(List<byte[]> chunkKeys, BufferAllocator target, Consumer<LogMsg> sink) {
        forEachDataset(chunkKeys, (dataset, keys) -> fetchKeys(dataset, keys, target, sink));
    }

    @Override
    public void fetchEncoded(List<byte[]> chunkKeys, Consumer<byte[]> sink) {
        forEachDataset(chunkKeys, (dataset, keys) -> reader.readEncoded(resolve(dataset, keys), sink));
    }

    /** Consecutive keys of one dataset together, in the order given. */
    private static void forEachDataset(List<byte[]> chunkKeys,
            java.util.function.BiConsumer<EntryId, List<ChunkKeys.Key>> action) {
        List<ChunkKeys.Key> keys = chunkKeys.stream().map(ChunkKeys::decode).toList();
        for (int from = 0; from < keys.size();) {
            EntryId dataset = keys.get(from).dataset();
            int to = from;
            while (to < keys.size() && keys.get(to).dataset().equals(dataset)) {
                to++;
            }
            action.accept(dataset, keys.subList(from, to));
            from = to;
        }
    }

    private void fetchKeys(EntryId dataset, List<ChunkKeys.Key> keys, BufferAllocator target,
            Consumer<LogMsg> sink) {
        StoreKind kind = Registrar.kindOf(dataset(dataset));
        List<SelectedChunk> chunks = resolve(dataset, keys);
        // consecutive keys of one segment are read together, each file opened once
        for (int from = 0; from < chunks.size();) {
            SegmentId segment = chunks.get(from).layer().segment();
            int to = from;
            while (to < chunks.size() && chunks.get(to).layer().segment().equals(segment)) {
                to++;
            }
            reader.read(SegmentReader.storeOf(dataset, segment, kind), chunks.subList(from, to), target,
                    sink::accept);
            from = to;
        }
    }

    /**
     * Where the keys' chunks lie, in the keys' order. A key says where its chunk lies: only its layer is looked up
     * (once per layer), to check that the file is still the one registered and that the range lies inside it.
     */
    private List<SelectedChunk> resolve(EntryId dataset, List<ChunkKeys.Key> keys) {
        dataset(dataset);
        Set<SegmentId> segments = keys.stream().map(k -> k.layer().segment()).collect(Collectors.toSet());
        Map<SegmentLayer, LayerRecord> layers = new HashMap<>();
        for (LayerRecord layer : store.layers(dataset, segments)) {
            layers.put(layer.id(), layer);
        }
        List<SelectedChunk> chunks = new ArrayList<>(keys.size());
        for (ChunkKeys.Key key : keys) {
            LayerRecord layer = layers.get(key.layer());
            if (layer == null) {
                throw CatalogException.notFound("segment '" + key.layer().segment() + "' has no layer '"
                        + key.layer().layer() + "' any more: query again");
            }
            if (!layer.file().sha256().startsWith(key.fileSha256Prefix())) {
                throw CatalogException.failedPrecondition("segment '" + key.layer().segment() + "' layer '"
                        + key.layer().layer() + "' was registered again since the query: query again");
            }
            if (key.offset() < RrdFrame.HEADER_SIZE || key.length() > layer.file().size() - key.offset()) {
                throw CatalogException.badRequest("chunk key of chunk " + key.chunkId() + " points outside its file:"
                        + " take keys from a query");
            }
            chunks.add(new SelectedChunk(layer.id(), layer.storageUrl(), layer.file(), new ChunkRecord(
                    key.chunkId(), "", key.isStatic(), key.offset(), key.length(), 0, List.of())));
        }
        return chunks;
    }

    @Override
    public VectorSchemaRoot dataframe(EntryId dataset, SegmentId segment, DataframeQuery query,
            BufferAllocator target) {
        dataset(dataset);
        try (StoreHub hub = reader.pool(dataset, segment, Optional.empty(), allocator)) {
            StoreId id = SegmentReader.storeOf(dataset, segment, StoreKind.RECORDING);
            return hub.store(id).orElseThrow().dataframe(query, target);
        }
    }

    @Override
    public void writeSegment(EntryId dataset, SegmentId segment, RecordingEncoder encoder) {
        Entry entry = dataset(dataset);
        Optional<SegmentReader.BlueprintSegment> blueprint = entry.defaultBlueprint().map(b ->
                new SegmentReader.BlueprintSegment(Registrar.blueprintDatasetOf(store, entry).id(), new SegmentId(b)));
        try (StoreHub hub = reader.pool(dataset, segment, blueprint, allocator);
                StoreSnapshot snapshot = hub.snapshot(ExportRequest.recording(
                        SegmentReader.storeOf(dataset, segment, StoreKind.RECORDING)))) {
            snapshot.writeTo(encoder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write segment '" + segment + "'", e);
        }
    }

    // --------------------------------------------------------------------------------------------- tables

    @Override
    public void appendTable(EntryId table, VectorSchemaRoot rows) {
        tables.append(table(table).id(), rows, allocator);
    }

    @Override
    public void overwriteTable(EntryId table, VectorSchemaRoot rows) {
        tables.overwrite(table(table).id(), rows, allocator);
    }

    @Override
    public void scanTable(EntryId table, BufferAllocator target, Consumer<VectorSchemaRoot> batches) {
        tables.scan(table(table).id(), target, batches);
    }

    private Entry table(EntryId id) {
        Entry entry = existing(id);
        if (entry.kind() != EntryKind.TABLE) {
            throw CatalogException.badRequest("'" + entry.name() + "' is a " + entry.kind() + ", not a table");
        }
        return entry;
    }

    @Override
    public void close() {
        store.close();
    }

    /** For the catalog's meters. */
    CatalogRecords.Totals totals() {
        return store.totals();
    }

    /** For the bundle's log line. */
    List<Entry> datasets() {
        List<Entry> datasets = new ArrayList<>();
        for (Entry entry : store.entries()) {
            if (entry.kind() == EntryKind.DATASET) {
                datasets.add(entry);
            }
        }
        return datasets;
    }
}
