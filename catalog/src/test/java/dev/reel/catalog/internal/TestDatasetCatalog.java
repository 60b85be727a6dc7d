package dev.reel.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reel.api.EntryName;
import dev.reel.api.LayerName;
import dev.reel.api.SegmentId;
import dev.reel.api.StoreKind;
import dev.reel.api.Timeline;
import dev.reel.api.log.ArrowMsg;
import dev.reel.api.log.BlueprintActivationCommand;
import dev.reel.api.log.LogMsg;
import dev.reel.api.log.SetStoreInfo;
import dev.reel.catalog.Catalog;
import dev.reel.catalog.CatalogConfig;
import dev.reel.catalog.CatalogException;
import dev.reel.catalog.ChunkQuery;
import dev.reel.catalog.DataSource;
import dev.reel.catalog.Entry;
import dev.reel.catalog.EntryKind;
import dev.reel.catalog.OnDuplicate;
import dev.reel.catalog.Registration;
import dev.reel.catalog.local.Catalogs;
import dev.reel.rrd.RrdCodec;
import dev.reel.rrd.RrdReader;
import dev.reel.store.DataframeQuery;
import dev.reel.testing.LeakCheckingAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog through its public API, on embedded H2 in a temporary data folder, with recordings written by
 * Reel's logging API: the model of rerun-data-platform.md §A–B, persistence across a reopen, and what happens
 * when registered files change.
 */
class TestDatasetCatalog {
    @RegisterExtension
    final LeakCheckingAllocator arrow = new LeakCheckingAllocator();

    @TempDir
    Path data;

    @TempDir
    Path root;

    private Catalog catalog;

    @BeforeEach
    void open() {
        catalog = openCatalog();
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private Catalog openCatalog() {
        return Catalogs.open(CatalogConfig.embedded(data).withAllowedRoots(List.of(root)), arrow.allocator());
    }

    private Path file(String name, byte[]... streams) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] stream : streams) {
            bytes.write(stream);
        }
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes.toByteArray());
        return file;
    }

    private List<Registration> register(Entry dataset, OnDuplicate onDuplicate, DataSource... sources) {
        return catalog.register(dataset.id(), List.of(sources), onDuplicate, null);
    }

    private static DataSource source(Path file, String layer) {
        return DataSource.file(file.toString()).withLayer(new LayerName(layer));
    }

    // ----------------------------------------------------------------------------------------------- entries

    @Test
    void aDatasetOwnsAHiddenBlueprintDatasetAndDeletingItDeletesBoth() {
        Entry dataset = catalog.createDataset(EntryName.of("robots"));
        assertThat(dataset.kind()).isEqualTo(EntryKind.DATASET);
        // A.4: the blueprint dataset is named __bp_<id> and hidden from listings
        Entry blueprints = catalog.entry(EntryName.blueprintDatasetFor(dataset.id())).orElseThrow();
        assertThat(blueprints.kind()).isEqualTo(EntryKind.BLUEPRINT_DATASET);
        assertThat(blueprints.owner()).contains(dataset.id());
        assertThat(catalog.entries(Set.of(), false)).containsExactly(dataset);
        assertThat(catalog.entries(Set.of(), true)).containsExactlyInAnyOrder(dataset, blueprints);
        assertThatThrownBy(() -> catalog.delete(blueprints.id())).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.BAD_REQUEST));

        catalog.delete(dataset.id());
        assertThat(catalog.entries(Set.of(), true)).isEmpty();
        assertThat(catalog.entry(dataset.id())).isEmpty();
    }

    @Test
    void namesAreUniqueReservedNamesAreRefusedAndRenameKeepsTheId() {
        Entry dataset = catalog.createDataset(EntryName.of("first"));
        assertThatThrownBy(() -> catalog.createDataset(EntryName.of("first")))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.ALREADY_EXISTS));
        // A.1: '__' names are the catalog's own, '__manifest' endings are reserved
        for (String reserved : List.of("__mine", "x__manifest")) {
            assertThatThrownBy(() -> catalog.createDataset(EntryName.of(reserved)))
                    .isInstanceOfSatisfying(CatalogException.class,
                            e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.BAD_REQUEST));
        }
        Entry renamed = catalog.rename(dataset.id(), EntryName.of("second"));
        assertThat(renamed.id()).isEqualTo(dataset.id());
        assertThat(catalog.entry(EntryName.of("second"))).map(Entry::id).contains(dataset.id());
        assertThat(catalog.entry(EntryName.of("first"))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------- registration

    @Test
    void eachRecordingOfAFileBecomesASegmentAndTheApplicationIdIsIgnored() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path file = file("two.rrd", Recordings.of("app_one", "run-1", 20, false),
                Recordings.of("another_app", "run-2", 5, false));
        List<Registration> rows = register(dataset, OnDuplicate.ERROR, DataSource.file(file.toUri().toString()));

        // A.3 and A.7: the recording id is the segment id, the layer defaults to base, the task is done at once
        assertThat(rows).extracting(r -> r.segment().orElseThrow().value()).containsExactly("run-1", "run-2");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.layer()).isEqualTo(LayerName.BASE);
            assertThat(row.taskId()).isEqualTo(Registration.TASK_DONE);
            assertThat(row.status()).isEqualTo(Registration.Status.REGISTERED);
            assertThat(row.storageUrl()).isEqualTo(file.toRealPath().toUri().toString());
        });
        assertThat(segmentIds(dataset)).containsExactly("run-1", "run-2");
    }

    @Test
    void onDuplicateErrorSkipAndReplace() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path first = file("a.rrd", Recordings.of("app", "run", 10, false));
        Path second = file("b.rrd", Recordings.of("app", "run", 30, false));
        register(dataset, OnDuplicate.ERROR, DataSource.file(first.toString()));

        // A.3: ERROR (the default) fails with ALREADY_EXISTS and changes nothing
        assertThatThrownBy(() -> register(dataset, OnDuplicate.ERROR, DataSource.file(second.toString())))
                .isInstanceOfSatisfying(CatalogException.class, e -> {
                    assertThat(e.kind()).isEqualTo(CatalogException.Kind.ALREADY_EXISTS);
                    assertThat(e.kind().httpStatus()).isEqualTo(409);
                }).hasMessageContaining("segment 'run' layer 'base'");
        assertThat(storageUrls(dataset)).containsExactly(first.toUri().toString());

        assertThat(register(dataset, OnDuplicate.SKIP, DataSource.file(second.toString())))
                .extracting(Registration::status).containsExactly(Registration.Status.SKIPPED);
        assertThat(storageUrls(dataset)).containsExactly(first.toUri().toString());

        assertThat(register(dataset, OnDuplicate.REPLACE, DataSource.file(second.toString())))
                .extracting(Registration::status).containsExactly(Registration.Status.REPLACED);
        assertThat(storageUrls(dataset)).containsExactly(second.toUri().toString());
        try (VectorSchemaRoot table = catalog.segmentTable(dataset.id(), arrow.allocator())) {
            assertThat(((BigIntVector) table.getVector("frame:end")).get(0)).isEqualTo(29);
        }
    }

    @Test
    void twoSourcesOfOneSegmentLayerInOneRequestFailWhateverThePolicy() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path first = file("a.rrd", Recordings.of("app", "run", 3, false));
        Path second = file("b.rrd", Recordings.of("app", "run", 3, false));
        // A.3: "duplicate segment layers in request", INVALID_ARGUMENT, even with REPLACE
        assertThatThrownBy(() -> register(dataset, OnDuplicate.REPLACE, DataSource.file(first.toString()),
                DataSource.file(second.toString())))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.BAD_REQUEST))
                .hasMessageContaining("duplicate segment layers in request");
        assertThat(segmentIds(dataset)).isEmpty();
        // the same file under two layers is two layers of one segment
        register(dataset, OnDuplicate.ERROR, source(first, "base"), source(first, "extra"));
        assertThat(manifestColumn(dataset, "rerun_layer_name")).containsExactly("base", "extra");
    }

    @Test
    void aSourceThatFailsIsAFailedRowAndTheOthersAreRegistered() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path good = file("good.rrd", Recordings.of("app", "good", 3, false));
        Path garbage = file("garbage.rrd", "this is not a recording".getBytes());
        Path blueprintOnly = file("layout.rrd", Recordings.blueprintOnly("app"));
        List<Registration> rows = register(dataset, OnDuplicate.ERROR, DataSource.file(garbage.toString()),
                DataSource.file(good.toString()), DataSource.file(blueprintOnly.toString()));

        // A.7: the failed source has no segment and a task id of its own; A.3: a file without a store of the
        // dataset's kind is skipped
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).status()).isEqualTo(Registration.Status.FAILED);
        assertThat(rows.get(0).segment()).isEmpty();
        assertThat(rows.get(0).taskId()).startsWith("task_").isNotEqualTo(Registration.TASK_DONE);
        assertThat(rows.get(0).error().orElseThrow()).contains("garbage.rrd");
        assertThat(rows.get(1).segment()).map(SegmentId::value).contains("good");
        assertThat(segmentIds(dataset)).containsExactly("good");
    }

    @Test
    void aColumnOfAnotherTypeIsASchemaConflictReportedAsAFailedSource() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path numbers = file("numbers.rrd", Recordings.withValue("app", "numbers", 1.5));
        Path words = file("words.rrd", Recordings.withValue("app", "words", "one and a half"));
        register(dataset, OnDuplicate.ERROR, DataSource.file(numbers.toString()));
        List<Registration> rows = register(dataset, OnDuplicate.ERROR, DataSource.file(words.toString()));
        // A.3 "Schema compatibility": reported per source as a failed task
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.failed()).isTrue();
            assertThat(row.error().orElseThrow()).contains("schema conflict");
        });
        assertThat(segmentIds(dataset)).containsExactly("numbers");
        Set<String> columns = new HashSet<>();
        catalog.datasetSchema(dataset.id()).getFields().forEach(f -> columns.add(f.getName()));
        assertThat(columns).contains("/reading:value");
    }

    @Test
    void registrationReadsOnlyUnderTheAllowedRoots() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path outside = Files.createTempFile("outside", ".rrd");
        try {
            Files.write(outside, Recordings.of("app", "out", 2, false));
            Path link = root.resolve("link.rrd");
            Files.createSymbolicLink(link, outside);
            for (String location : List.of(outside.toString(), link.toString(), root + "/../" + outside.getFileName())) {
                assertThatThrownBy(() -> register(dataset, OnDuplicate.ERROR, DataSource.file(location)))
                        .isInstanceOfSatisfying(CatalogException.class,
                                e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.FORBIDDEN))
                        .hasMessageContaining("--allowed-roots");
            }
            assertThatThrownBy(() -> register(dataset, OnDuplicate.ERROR, DataSource.file("s3://bucket/x.rrd")))
                    .isInstanceOfSatisfying(CatalogException.class,
                            e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.BAD_REQUEST))
                    .hasMessageContaining("only file:// URLs and paths");
            assertThat(segmentIds(dataset)).isEmpty();
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void aPrefixRegistersEveryRecordingUnderAFolderWithProgress() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        file("episodes/e1.rrd", Recordings.of("app", "e1", 2, false));
        file("episodes/day2/e2.rrd", Recordings.of("app", "e2", 2, false));
        file("episodes/day2/notes.txt", "not a recording".getBytes());
        List<Registration> heard = new ArrayList<>();
        List<Registration> rows = catalog.register(dataset.id(), List.of(new DataSource(
                root.resolve("episodes").toUri().toString(), LayerName.BASE, true, false)), OnDuplicate.ERROR,
                heard::add);
        assertThat(rows).extracting(r -> r.segment().orElseThrow().value()).containsExactlyInAnyOrder("e1", "e2");
        assertThat(heard).hasSize(2);
        assertThat(segmentIds(dataset)).containsExactly("e1", "e2");
    }

    @Test
    void unregisterIsAProductFilter() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        for (String segment : List.of("s1", "s2")) {
            Path file = file(segment + ".rrd", Recordings.of("app", segment, 2, false));
            register(dataset, OnDuplicate.ERROR, source(file, "base"), source(file, "extra"), source(file, "more"));
        }
        // A.3: neither list → INVALID_ARGUMENT
        assertThatThrownBy(() -> catalog.unregister(dataset.id(), Set.of(), Set.of()))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.BAD_REQUEST));
        // only layers → those layers of every segment
        assertThat(catalog.unregister(dataset.id(), Set.of(), Set.of(new LayerName("more")))).isEqualTo(2);
        // both → each listed layer of each listed segment
        assertThat(catalog.unregister(dataset.id(), Set.of(new SegmentId("s1")), Set.of(new LayerName("extra"))))
                .isEqualTo(1);
        assertThat(layersBySegment(dataset)).containsExactly(List.of("base"), List.of("base", "extra"));
        // only segments → every layer of those; a segment without layers disappears
        assertThat(catalog.unregister(dataset.id(), Set.of(new SegmentId("s1")), Set.of())).isEqualTo(1);
        assertThat(segmentIds(dataset)).containsExactly("s2");
        // unregistering what does not exist is a no-op
        assertThat(catalog.unregister(dataset.id(), Set.of(new SegmentId("nothing")), Set.of())).isZero();
    }

    // ------------------------------------------------------------------------------------ tables of a dataset

    @Test
    void theSegmentTableHasRerunsColumnsAndTypes() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path base = file("base.rrd", Recordings.of("app", "seg", 10, false));
        Path extra = file("extra.rrd", Recordings.of("app", "seg", 25, false));
        register(dataset, OnDuplicate.ERROR, source(base, "base"));
        register(dataset, OnDuplicate.ERROR, source(extra, "annotations"));
        try (VectorSchemaRoot table = catalog.segmentTable(dataset.id(), arrow.allocator())) {
            // A.5: exact names and types, then a start/end pair per timeline
            assertThat(table.getSchema().getFields()).extracting(Field::getName).startsWith("rerun_segment_id",
                    "rerun_layer_names", "rerun_storage_urls", "rerun_last_updated_at", "rerun_num_chunks",
                    "rerun_size_bytes").contains("frame:start", "frame:end");
            assertThat(typeOf(table, "rerun_segment_id")).isEqualTo("Utf8 not null");
            assertThat(typeOf(table, "rerun_layer_names")).isEqualTo("List<item: Utf8 not null> not null");
            assertThat(typeOf(table, "rerun_last_updated_at")).isEqualTo("Timestamp(NANOSECOND, null) not null");
            assertThat(typeOf(table, "rerun_num_chunks")).isEqualTo("Int(64, false) not null");
            assertThat(typeOf(table, "frame:start")).isEqualTo("Int(64, true)");
            assertThat(table.getSchema().findField("frame:start").getMetadata()).containsEntry("rerun:index", "frame")
                    .containsEntry("rerun:index_kind", "sequence").containsEntry("rerun:index_marker", "start")
                    .containsEntry("rerun:kind", "index");

            assertThat(table.getRowCount()).isEqualTo(1);
            // layers in (registration time, layer name) order; the time range is the union over layers
            assertThat(((ListVector) table.getVector("rerun_layer_names")).getObject(0).toString())
                    .isEqualTo("[\"base\",\"annotations\"]");
            assertThat(((BigIntVector) table.getVector("frame:start")).get(0)).isZero();
            assertThat(((BigIntVector) table.getVector("frame:end")).get(0)).isEqualTo(24);
            long chunks = ((UInt8Vector) table.getVector("rerun_num_chunks")).get(0);
            assertThat(chunks).isEqualTo(countChunks(base) + countChunks(extra));
            assertThat(((UInt8Vector) table.getVector("rerun_size_bytes")).get(0)).isPositive();
        }
    }

    @Test
    void theManifestHasOneRowPerLayerAndSegment() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path file = file("a.rrd", Recordings.of("app", "a", 3, false), Recordings.of("app", "b", 3, false));
        register(dataset, OnDuplicate.ERROR, source(file, "base"), source(file, "second"));
        try (VectorSchemaRoot manifest = catalog.manifest(dataset.id(), arrow.allocator())) {
            // A.6
            assertThat(manifest.getSchema().getFields()).extracting(Field::getName).startsWith("rerun_layer_name",
                    "rerun_segment_id", "rerun_storage_url", "rerun_layer_type", "rerun_registration_time",
                    "rerun_last_updated_at", "rerun_num_chunks", "rerun_size_bytes", "rerun_schema_sha256",
                    "rerun_registration_status");
            assertThat(typeOf(manifest, "rerun_num_chunks")).isEqualTo("Int(64, false)");
            assertThat(typeOf(manifest, "rerun_schema_sha256")).isEqualTo("FixedSizeBinary(32)");
            assertThat(manifest.getRowCount()).isEqualTo(4);
        }
        assertThat(manifestColumn(dataset, "rerun_segment_id")).containsExactly("a", "a", "b", "b");
        assertThat(manifestColumn(dataset, "rerun_layer_type")).containsOnly("rrd");
        assertThat(manifestColumn(dataset, "rerun_registration_status")).containsOnly("done");
    }

    // ----------------------------------------------------------------------------------------------- reading

    @Test
    void aQuerySelectsChunksAndFetchReadsExactlyThoseChunks() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        // 40 frames in chunks of 8 rows: frames 0-7, 8-15, ... plus a static text
        Path file = file("a.rrd", Recordings.of("app", "a", 40, false));
        file("b.rrd", Recordings.of("app", "b", 40, false));
        register(dataset, OnDuplicate.ERROR, DataSource.file(file.toString()),
                DataSource.file(root.resolve("b.rrd").toString()));

        ChunkQuery everything = ChunkQuery.everything().withSegments(Set.of(new SegmentId("a")));
        assertThat(chunkEntities(dataset, everything)).containsOnly("/value", "/about");
        assertThat(chunkEntities(dataset, everything.withStatic(false))).containsOnly("/value");
        assertThat(chunkEntities(dataset, everything.withTemporal(false))).containsOnly("/about");
        // B.2: a range selects the chunks that overlap it; latest-at the chunk that may hold the value at the time
        assertThat(chunkEntities(dataset, everything.withStatic(false).withRange("frame", 9, 17))).hasSize(2);
        // latest-at is a superset (B.2): every chunk with data at or before the time, none after it
        assertThat(chunkStarts(dataset, everything.withStatic(false).withLatestAt("frame", 12)))
                .contains(8L).doesNotContain(16L, 24L, 32L);
        assertThat(chunkEntities(dataset, ChunkQuery.everything().withEntityPaths(Set.of("/value"))))
                .hasSize(10);

        List<byte[]> keys = chunkKeys(dataset, everything);
        List<ArrowMsg> fetched = new ArrayList<>();
        catalog.fetch(dataset.id(), keys, arrow.allocator(), message -> fetched.add((ArrowMsg) message));
        try {
            List<LogMsg> original = RrdReader.readAll(file, arrow.allocator());
            try {
                List<ArrowMsg> chunks = original.stream().filter(m -> m instanceof ArrowMsg)
                        .map(m -> (ArrowMsg) m).toList();
                assertThat(fetched).extracting(m -> m.chunk().id())
                        .containsExactlyElementsOf(chunks.stream().map(m -> m.chunk().id()).toList());
                assertThat(fetched).allSatisfy(m -> {
                    // D.1: the segment's store: the dataset's id as application id, the segment as recording id
                    assertThat(m.storeId().applicationId().value()).isEqualTo(dataset.id().toString());
                    assertThat(m.storeId().recordingId().value()).isEqualTo("a");
                });
                for (int i = 0; i < chunks.size(); i++) {
                    assertThat(fetched.get(i).chunk().numRows()).isEqualTo(chunks.get(i).chunk().numRows());
                }
            } finally {
                original.forEach(LogMsg::close);
            }
        } finally {
            fetched.forEach(LogMsg::close);
        }
    }

    @Test
    void aFileThatChangedOrVanishedIsReportedAndNeverServed() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path changing = file("changing.rrd", Recordings.of("app", "changing", 5, false));
        Path vanishing = file("vanishing.rrd", Recordings.of("app", "vanishing", 5, false));
        register(dataset, OnDuplicate.ERROR, DataSource.file(changing.toString()),
                DataSource.file(vanishing.toString()));
        List<byte[]> changingKeys = chunkKeys(dataset, ChunkQuery.everything().withSegments(
                Set.of(new SegmentId("changing"))));

        Files.write(changing, Recordings.of("app", "changing", 6, false));
        Files.setLastModifiedTime(changing, FileTime.from(Instant.now().plusSeconds(5)));
        Files.delete(vanishing);

        assertThat(storageStatus(dataset)).containsExactly("[\"changed\"]", "[\"missing\"]");
        assertThatThrownBy(() -> catalog.fetch(dataset.id(), changingKeys, arrow.allocator(), LogMsg::close))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.FAILED_PRECONDITION))
                .hasMessageContaining("changed since it was registered");
        assertThatThrownBy(() -> catalog.writeSegment(dataset.id(), new SegmentId("vanishing"),
                new RrdCodec().newEncoder(new ByteArrayOutputStream())))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.FAILED_PRECONDITION))
                .hasMessageContaining("is gone");
        // a key whose layer is gone is NOT_FOUND
        catalog.unregister(dataset.id(), Set.of(new SegmentId("changing")), Set.of());
        assertThatThrownBy(() -> catalog.fetch(dataset.id(), changingKeys, arrow.allocator(), LogMsg::close))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.NOT_FOUND));
    }

    /** Keys come from clients: one forged to read past its file, or of another dataset, is refused before reading. */
    @Test
    void aForgedChunkKeyIsRefused() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Entry other = catalog.createDataset(EntryName.of("other"));
        register(dataset, OnDuplicate.ERROR, DataSource.file(file("run.rrd", Recordings.of("app", "run", 5, false))
                .toString()));
        ChunkKeys.Key key = ChunkKeys.decode(chunkKeys(dataset, ChunkQuery.everything()).get(0));
        byte[] tooLong = ChunkKeys.encode(key.dataset(), key.layer(), key.chunkId(), key.isStatic(), key.offset(),
                Integer.MAX_VALUE, key.fileSha256Prefix() + "0".repeat(48));
        assertThatThrownBy(() -> catalog.fetch(List.of(tooLong), arrow.allocator(), LogMsg::close))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.BAD_REQUEST))
                .hasMessageContaining("outside its file");
        byte[] genuine = chunkKeys(dataset, ChunkQuery.everything()).get(0);
        assertThatThrownBy(() -> catalog.fetch(other.id(), List.of(genuine), arrow.allocator(), LogMsg::close))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.BAD_REQUEST));
        List<LogMsg> fetched = new ArrayList<>();
        catalog.fetch(List.of(genuine), arrow.allocator(), fetched::add);
        assertThat(fetched).hasSize(1);
        // the same chunk forwarded as its file's bytes decodes to the same chunk
        List<byte[]> encoded = new ArrayList<>();
        catalog.fetchEncoded(List.of(genuine), encoded::add);
        try (LogMsg again = new RrdCodec().decode(new dev.reel.api.bus.LogFrame("test", 0,
                dev.reel.api.log.MessageKind.ARROW_MSG, ((ArrowMsg) fetched.get(0)).storeId(), false,
                encoded.get(0)), arrow.allocator())) {
            assertThat(((ArrowMsg) again).chunk().id()).isEqualTo(((ArrowMsg) fetched.get(0)).chunk().id());
        }
        fetched.forEach(LogMsg::close);
        // a key whose range holds another chunk is refused, not served
        ChunkKeys.Key second = ChunkKeys.decode(chunkKeys(dataset, ChunkQuery.everything()).get(1));
        byte[] mismatched = ChunkKeys.encode(key.dataset(), key.layer(), key.chunkId(), key.isStatic(),
                second.offset(), second.length(), key.fileSha256Prefix() + "0".repeat(48));
        assertThatThrownBy(() -> catalog.fetchEncoded(List.of(mismatched), b -> { }))
                .isInstanceOfSatisfying(CatalogException.class,
                        e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.FAILED_PRECONDITION));
    }

    @Test
    void aCopiedRecordingIsServedWhateverHappensToTheOriginal() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path original = file("original.rrd", Recordings.of("app", "kept", 5, false));
        List<Registration> rows = catalog.register(dataset.id(), List.of(DataSource.file(original.toString())
                .withCopy(true)), OnDuplicate.ERROR, null);
        assertThat(rows.get(0).storageUrl()).startsWith(data.resolve("catalog").toRealPath().toUri().toString());
        Files.delete(original);
        assertThat(decode(segmentBytes(dataset, "kept"))).filteredOn(m -> m instanceof ArrowMsg).hasSize(2);
    }

    @Test
    void aDownloadPoolsEveryLayerAndCarriesTheDefaultBlueprint() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        Path base = file("base.rrd", Recordings.of("app", "seg", 10, false));
        Path extra = file("extra.rrd", Recordings.withValue("app", "seg", 2.5));
        register(dataset, OnDuplicate.ERROR, source(base, "base"), source(extra, "extra"));
        Path layout = file("layout.rbl", Recordings.blueprintOnly("app"));
        Registration blueprint = catalog.registerBlueprint(dataset.id(), DataSource.file(layout.toString()), true);
        assertThat(catalog.entry(dataset.id()).orElseThrow().defaultBlueprint())
                .contains(blueprint.segment().orElseThrow().value());

        List<LogMsg> messages = decode(segmentBytes(dataset, "seg"));
        // D.1: the recording is (dataset id, segment id); both layers' chunks are in it
        SetStoreInfo info = messages.stream().filter(m -> m instanceof SetStoreInfo s
                && s.storeId().kind() == StoreKind.RECORDING).map(m -> (SetStoreInfo) m).findFirst().orElseThrow();
        assertThat(info.storeId().applicationId().value()).isEqualTo(dataset.id().toString());
        assertThat(info.storeId().recordingId().value()).isEqualTo("seg");
        assertThat(messages).filteredOn(m -> m instanceof ArrowMsg a && a.storeId().kind() == StoreKind.RECORDING)
                .extracting(m -> ((ArrowMsg) m).chunk().entityPath().toString())
                .contains("/value", "/about", "/reading");
        // A.4: the dataset's blueprint with its activation command
        assertThat(messages).filteredOn(m -> m instanceof ArrowMsg a && a.storeId().kind() == StoreKind.BLUEPRINT)
                .isNotEmpty();
        assertThat(messages).filteredOn(m -> m instanceof BlueprintActivationCommand).singleElement()
                .satisfies(m -> assertThat(((BlueprintActivationCommand) m).makeActive()).isTrue());

        // and a dataframe pools the layers the same way
        try (VectorSchemaRoot frame = catalog.dataframe(dataset.id(), new SegmentId("seg"),
                DataframeQuery.all(Timeline.sequence("frame")), arrow.allocator())) {
            assertThat(frame.getRowCount()).isEqualTo(10);
            assertThat(frame.getSchema().getFields()).extracting(Field::getName).contains("/value:Scalars:scalars");
        }
        assertThatThrownBy(() -> segmentBytes(dataset, "nothing")).isInstanceOfSatisfying(CatalogException.class,
                e -> assertThat(e.kind()).isEqualTo(CatalogException.Kind.NOT_FOUND));
    }

    @Test
    void anUploadIsKeptByTheCatalogAndNeedsNoAllowedRoot() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("d"));
        List<Registration> rows = catalog.registerUpload(dataset.id(), new ByteArrayInputStream(
                Recordings.of("app", "sent", 4, false)), "sent.rrd", new LayerName("uploaded"), OnDuplicate.ERROR);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.segment()).map(SegmentId::value).contains("sent");
            assertThat(row.storageUrl()).contains("/catalog/files/").endsWith("-sent.rrd");
        });
        Registration layout = catalog.registerBlueprint(dataset.id(), new ByteArrayInputStream(
                Recordings.blueprintOnly("app")), "layout.rbl", true);
        assertThat(catalog.entry(dataset.id()).orElseThrow().defaultBlueprint())
                .contains(layout.segment().orElseThrow().value());
    }

    @Test
    void everythingSurvivesAReopen() throws Exception {
        Entry dataset = catalog.createDataset(EntryName.of("kept"));
        Path file = file("a.rrd", Recordings.of("app", "a", 12, false));
        register(dataset, OnDuplicate.ERROR, source(file, "base"), source(file, "second"));
        Registration blueprint = catalog.registerBlueprint(dataset.id(),
                DataSource.file(file("layout.rbl", Recordings.blueprintOnly("app")).toString()), true);
        byte[] before = segmentBytes(dataset, "a");
        catalog.close();

        catalog = openCatalog();
        Entry reopened = catalog.entry(EntryName.of("kept")).orElseThrow();
        assertThat(reopened.id()).isEqualTo(dataset.id());
        assertThat(reopened.defaultBlueprint()).contains(blueprint.segment().orElseThrow().value());
        assertThat(manifestColumn(reopened, "rerun_layer_name")).containsExactly("base", "second");
        assertThat(decode(segmentBytes(reopened, "a"))).hasSameSizeAs(decode(before));
    }

    // --------------------------------------------------------------------------------------------- tables

    @Test
    void tablesAppendOverwriteAndScan() {
        Schema schema = new Schema(List.of(Field.nullable("name", ArrowType.Utf8.INSTANCE)));
        Entry table = catalog.createTable(EntryName.of("notes"), schema);
        assertThat(table.kind()).isEqualTo(EntryKind.TABLE);
        try (VectorSchemaRoot rows = VectorSchemaRoot.create(schema, arrow.allocator())) {
            fill(rows, "a", "b");
            catalog.appendTable(table.id(), rows);
            catalog.appendTable(table.id(), rows);
            assertThat(scan(table)).containsExactly("a", "b", "a", "b");
            fill(rows, "c");
            catalog.overwriteTable(table.id(), rows);
            assertThat(scan(table)).containsExactly("c");
        }
        catalog.close();
        catalog = openCatalog();
        assertThat(scan(table)).containsExactly("c");
        catalog.delete(table.id());
        assertThat(catalog.entry(table.id())).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static void fill(VectorSchemaRoot rows, String... values) {
        VarCharVector names = (VarCharVector) rows.getVector(0);
        names.allocateNew();
        for (int i = 0; i < values.length; i++) {
            names.setSafe(i, values[i].getBytes());
        }
        rows.setRowCount(values.length);
    }

    private List<String> scan(Entry table) {
        List<String> values = new ArrayList<>();
        catalog.scanTable(table.id(), arrow.allocator(), batch -> {
            for (int i = 0; i < batch.getRowCount(); i++) {
                values.add(batch.getVector(0).getObject(i).toString());
            }
        });
        return values;
    }

    private byte[] segmentBytes(Entry dataset, String segment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = new RrdCodec().newEncoder(out);
        catalog.writeSegment(dataset.id(), new SegmentId(segment), encoder);
        encoder.close();
        return out.toByteArray();
    }

    private List<LogMsg> decode(byte[] rrd) throws IOException {
        Path file = Files.createTempFile(data, "decoded", ".rrd");
        Files.write(file, rrd);
        List<LogMsg> messages = RrdReader.readAll(file, arrow.allocator());
        messages.forEach(LogMsg::close);
        return messages;
    }

    private long countChunks(Path file) throws IOException {
        List<LogMsg> messages = RrdReader.readAll(file, arrow.allocator());
        messages.forEach(LogMsg::close);
        return messages.stream().filter(m -> m instanceof ArrowMsg).count();
    }

    private static String typeOf(VectorSchemaRoot table, String column) {
        Field field = table.getSchema().findField(column);
        String type = field.getType().toString();
        if (!field.getChildren().isEmpty()) {
            Field item = field.getChildren().get(0);
            type += "<" + item.getName() + ": " + item.getType() + (item.isNullable() ? "" : " not null") + ">";
        }
        return type + (field.isNullable() ? "" : " not null");
    }

    private List<String> segmentIds(Entry dataset) {
        return segmentColumn(dataset, "rerun_segment_id", Object::toString);
    }

    private List<String> storageUrls(Entry dataset) {
        return manifestColumn(dataset, "rerun_storage_url");
    }

    private List<String> storageStatus(Entry dataset) {
        return segmentColumn(dataset, "reel_storage_status", Object::toString);
    }

    private List<List<String>> layersBySegment(Entry dataset) {
        return segmentColumn(dataset, "rerun_layer_names",
                value -> ((List<?>) value).stream().map(Object::toString).toList());
    }

    private <T> List<T> segmentColumn(Entry dataset, String column, Function<Object, T> read) {
        try (VectorSchemaRoot table = catalog.segmentTable(dataset.id(), arrow.allocator())) {
            return values(table.getVector(column), table.getRowCount(), read);
        }
    }

    private List<String> manifestColumn(Entry dataset, String column) {
        try (VectorSchemaRoot table = catalog.manifest(dataset.id(), arrow.allocator())) {
            return values(table.getVector(column), table.getRowCount(), Object::toString);
        }
    }

    private static <T> List<T> values(FieldVector vector, int rows, Function<Object, T> read) {
        List<T> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            values.add(read.apply(vector.getObject(i)));
        }
        return values;
    }

    private List<String> chunkEntities(Entry dataset, ChunkQuery query) {
        try (VectorSchemaRoot chunks = catalog.query(dataset.id(), query, arrow.allocator())) {
            return values(chunks.getVector("chunk_entity_path"), chunks.getRowCount(), Object::toString);
        }
    }

    private List<Long> chunkStarts(Entry dataset, ChunkQuery query) {
        try (VectorSchemaRoot chunks = catalog.query(dataset.id(), query, arrow.allocator())) {
            return values(chunks.getVector("frame:start"), chunks.getRowCount(), value -> (Long) value);
        }
    }

    private List<byte[]> chunkKeys(Entry dataset, ChunkQuery query) {
        try (VectorSchemaRoot chunks = catalog.query(dataset.id(), query, arrow.allocator())) {
            VarBinaryVector keys = (VarBinaryVector) chunks.getVector("chunk_key");
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < chunks.getRowCount(); i++) {
                values.add(keys.get(i));
            }
            return values;
        }
    }
}
